import Foundation
import Glibc
import HTTPCore
import NetCore
import Synchronization

/// Keep-alive HTTP load from threads of its own with blocking sockets, for memory and soak tests.
///
/// ``connect(host:port:connections:timeout:)`` opens the connections; each ``run(requestsPerConnection:request:)``
/// gives every connection a dedicated thread that sends `request`, reads one response (it must carry
/// `Content-Length`), and repeats. Runs can be repeated on the same connections (to measure between
/// phases). The cooperative pool only awaits results, so the generator never blocks async code.
///
/// ```swift
/// let load = try await HTTPLoadGenerator.connect(port: port, connections: 64)
/// let result = await load.run(requestsPerConnection: 1000, request: HTTPTestClient.request("GET", "/hello"))
/// #expect(result.failures == 0)
/// load.close()
/// ```
package final class HTTPLoadGenerator: Sendable {
    /// What a run achieved.
    package struct Result: Sendable, CustomStringConvertible {
        /// Responses read completely.
        package var completed = 0
        /// Connections that failed (reset, timed out, malformed response) before finishing.
        package var failures = 0
        /// Responses per status code.
        package var statusCounts: [Int: Int] = [:]
        /// Wall-clock time of the run.
        package var elapsed: Duration = .zero

        package var description: String {
            "completed=\(completed) failures=\(failures) statuses=\(statusCounts) elapsed=\(elapsed)"
        }
    }

    private let sockets: [Socket]

    private init(sockets: [Socket]) { self.sockets = sockets }

    /// Opens `connections` blocking connections (on a ``BlockingPool`` thread).
    ///
    /// - Parameters:
    ///   - host: a numeric address.
    ///   - timeout: per-read and per-write timeout on each socket (`SO_RCVTIMEO`/`SO_SNDTIMEO`); a call
    ///     that times out fails that connection's run.
    /// - Throws: `IOError` if an address is invalid or a connection fails.
    package static func connect(
        host: String = "127.0.0.1",
        port: Int,
        connections: Int,
        timeout: Duration = .seconds(10)
    ) async throws -> HTTPLoadGenerator {
        let address = try SocketAddress(ipAddress: host, port: port)
        let seconds = Int(timeout.components.seconds)
        let sockets = try await BlockingPool.shared.run { () throws -> [Socket] in
            var sockets: [Socket] = []
            do {
                for _ in 0..<connections {
                    let socket = try Socket.makeTCP(for: address, blocking: true)
                    sockets.append(socket)
                    var time = timeval(tv_sec: seconds, tv_usec: 0)
                    _ = setsockopt(socket.fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
                    _ = setsockopt(socket.fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
                    _ = try socket.connect(to: address)
                }
            } catch {
                for socket in sockets { socket.close() }
                throw error
            }
            return sockets
        }
        return HTTPLoadGenerator(sockets: sockets)
    }

    /// Sends `requestsPerConnection` requests on every connection, one thread per connection.
    package func run(requestsPerConnection: Int, request: [UInt8]) async -> Result {
        let start = Deadline.now()
        let state = Mutex((result: Result(), remaining: sockets.count))
        var result = await withCheckedContinuation { (continuation: CheckedContinuation<Result, Never>) in
            for socket in sockets {
                let thread = Thread {
                    let outcome = Self.runConnection(socket: socket, count: requestsPerConnection, request: request)
                    let finished = state.withLock { state -> Result? in
                        state.result.completed += outcome.completed
                        state.result.failures += outcome.failed ? 1 : 0
                        for (status, count) in outcome.statuses {
                            state.result.statusCounts[status, default: 0] += count
                        }
                        state.remaining -= 1
                        return state.remaining == 0 ? state.result : nil
                    }
                    if let finished { continuation.resume(returning: finished) }
                }
                thread.stackSize = 256 * 1024
                thread.start()
            }
        }
        result.elapsed = Deadline.now() - start
        return result
    }

    /// Closes every connection.
    package func close() {
        for socket in sockets { socket.close() }
    }

    private static func runConnection(
        socket: Socket,
        count: Int,
        request: [UInt8]
    )
        -> (completed: Int, failed: Bool, statuses: [Int: Int])
    {
        var statuses: [Int: Int] = [:]
        var reader = ResponseReader(socket: socket)
        for index in 0..<count {
            guard writeAll(request, to: socket), let status = reader.readResponse() else {
                return (index, true, statuses)
            }
            statuses[status, default: 0] += 1
        }
        return (count, false, statuses)
    }

    private static func writeAll(_ bytes: [UInt8], to socket: Socket) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let result = bytes.withUnsafeBytes { try? socket.write(UnsafeRawBufferPointer(rebasing: $0[offset...])) }
            guard case .processed(let written) = result else { return false }
            offset += written
        }
        return true
    }

    /// Reads `Content-Length`-framed responses from a blocking socket, keeping leftover bytes.
    private struct ResponseReader {
        let socket: Socket
        var buffer: [UInt8] = []
        var scratch = [UInt8](repeating: 0, count: 64 * 1024)

        init(socket: Socket) { self.socket = socket }

        /// Returns the status of the next response, or `nil` on any failure.
        mutating func readResponse() -> Int? {
            var headEnd: Int?
            while headEnd == nil {
                headEnd = Self.headEnd(in: buffer)
                if headEnd == nil && !readMore() { return nil }
            }
            guard let end = headEnd else { return nil }
            let head = String(decoding: buffer[..<end], as: UTF8.self)
            let statusText = head.split(separator: " ", maxSplits: 2).dropFirst().first.map(String.init) ?? ""
            guard let status = Int(statusText) else { return nil }
            var length = 0
            for line in head.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
                length = Int(line.dropFirst("content-length:".count).trimmingASCIIWhitespace()) ?? 0
            }
            let total = end + 4 + length
            while buffer.count < total {
                if !readMore() { return nil }
            }
            buffer.removeFirst(total)
            return status
        }

        private mutating func readMore() -> Bool {
            let result = scratch.withUnsafeMutableBytes { try? socket.read(into: $0) }
            guard case .processed(let count) = result, count > 0 else { return false }
            buffer.append(contentsOf: scratch[..<count])
            return true
        }

        private static func headEnd(in bytes: [UInt8]) -> Int? {
            guard bytes.count >= 4 else { return nil }
            for index in 0...(bytes.count - 4)
            where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
                return index
            }
            return nil
        }
    }
}
