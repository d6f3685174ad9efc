import Foundation
import Glibc
import NetCore
import Synchronization

/// A request as the raw server read it: the exact head bytes and the `Content-Length` body.
struct RawRequest: Sendable {
    var head: String
    var body: [UInt8]

    var requestLine: Substring { head.prefix { $0 != "\r" } }
}

/// What the raw server does after reading a request.
struct RawReply: Sendable {
    /// Written one after another, with `pause` between pieces.
    var pieces: [[UInt8]]
    var pause: Duration = .zero
    /// Close the connection after writing (also when there is nothing to write).
    var closeAfter = false

    static func send(_ text: String, closeAfter: Bool = false) -> RawReply {
        RawReply(pieces: [Array(text.utf8)], closeAfter: closeAfter)
    }

    static let closeWithoutResponse = RawReply(pieces: [], closeAfter: true)
}

/// How a ``RawTestServer`` answers: a reply per request and its index on its connection (0 for the first).
struct RawScript: Sendable {
    let reply: @Sendable (RawRequest, Int) -> RawReply

    init(_ reply: @escaping @Sendable (RawRequest, Int) -> RawReply) { self.reply = reply }

    /// The same reply to every request.
    static func always(_ reply: RawReply) -> RawScript { RawScript { _, _ in reply } }
}

/// A scripted HTTP/1.1 server on blocking BSD sockets and its own threads (never the cooperative pool),
/// for responses HTTPServer would never send: malformed, oversized, chunked by hand, or closing on cue.
///
/// `reply` gets each request and its index on its connection (0 for the first). Listens on
/// 127.0.0.1:0; ``stop()`` closes the listener and every connection.
final class RawTestServer: Sendable {
    let port: Int
    private let listenFD: CInt
    private let reply: @Sendable (RawRequest, Int) -> RawReply
    private let state = Mutex(State())

    private struct State {
        var isStopped = false
        var accepted = 0
        var requests: [RawRequest] = []
        var connections: [CInt] = []
    }

    init(reply: @escaping @Sendable (RawRequest, Int) -> RawReply) throws {
        self.reply = reply
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RawTestServerError("socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 128) == 0 else {
            Glibc.close(fd)
            throw RawTestServerError("bind/listen failed")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.listenFD = fd
        self.port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// A port on 127.0.0.1 that nothing listens on (bound, then released).
    static func unusedPort() throws -> Int {
        let server = try RawTestServer { _, _ in .closeWithoutResponse }
        let port = server.port
        server.stop()
        // The listener closes on the accept thread's next poll tick (50 ms).
        usleep(150_000)
        return port
    }

    /// Connections accepted so far.
    var acceptedCount: Int { state.withLock { $0.accepted } }
    /// Every request read so far, in arrival order.
    var requests: [RawRequest] { state.withLock { $0.requests } }

    /// Stops accepting and closes every open connection (their threads then exit).
    func stop() {
        let fds = state.withLock { state -> [CInt] in
            state.isStopped = true
            defer { state.connections = [] }
            return state.connections
        }
        Glibc.shutdown(listenFD, Int32(SHUT_RDWR))
        for fd in fds { Glibc.shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        while true {
            var poller = pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0)
            _ = poll(&poller, 1, 50)
            if state.withLock({ $0.isStopped }) { break }
            guard poller.revents & Int16(POLLIN) != 0 else { continue }
            let fd = accept(listenFD, nil, nil)
            guard fd >= 0 else { continue }
            state.withLock {
                $0.accepted += 1
                $0.connections.append(fd)
            }
            let thread = Thread { [self] in serve(fd) }
            thread.start()
        }
        Glibc.close(listenFD)
    }

    private func serve(_ fd: CInt) {
        var buffer: [UInt8] = []
        var index = 0
        defer {
            state.withLock { $0.connections.removeAll { $0 == fd } }
            Glibc.close(fd)
        }
        while let request = readRequest(fd, &buffer) {
            state.withLock { $0.requests.append(request) }
            let reply = reply(request, index)
            index += 1
            for (number, piece) in reply.pieces.enumerated() {
                if number > 0 && reply.pause > .zero { usleep(UInt32(reply.pause.nanosecondsClamped / 1000)) }
                var offset = 0
                while offset < piece.count {
                    let sent = piece[offset...].withUnsafeBytes {
                        send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
                    }
                    guard sent > 0 else { return }
                    offset += sent
                }
            }
            if reply.closeAfter { return }
        }
    }

    /// Reads one request (head, then a `Content-Length` body); `nil` at end of stream.
    private func readRequest(_ fd: CInt, _ buffer: inout [UInt8]) -> RawRequest? {
        let terminator: [UInt8] = [13, 10, 13, 10]
        var headEnd: Int?
        while true {
            if headEnd == nil, let range = buffer.firstRange(of: terminator) { headEnd = range.upperBound }
            if let end = headEnd {
                let head = String(decoding: buffer[..<end], as: UTF8.self)
                let length = Self.contentLength(in: head)
                if buffer.count >= end + length {
                    let request = RawRequest(head: head, body: Array(buffer[end..<(end + length)]))
                    buffer.removeFirst(end + length)
                    return request
                }
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            buffer += chunk[..<count]
        }
    }

    private static func contentLength(in head: String) -> Int {
        for line in head.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
            return Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
        }
        return 0
    }
}

struct RawTestServerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
