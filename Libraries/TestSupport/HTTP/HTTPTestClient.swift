import HTTPCore
import NetCore

/// A raw-socket HTTP/1.1 client for tests: sends arbitrary bytes and reads responses with timeouts.
///
/// Nothing is validated or normalised on the way out, so tests can send malformed, smuggling or
/// pipelined requests exactly as written; responses are parsed leniently (status line, fields,
/// `Content-Length`, chunked or close-delimited bodies) and interim `1xx` responses are returned like
/// any other. The socket is an ``AsyncTCPSocket`` on the shared event loop group: no call blocks a
/// thread, so hundreds of clients can run concurrently on the cooperative pool.
///
/// ```swift
/// let client = try await HTTPTestClient.connect(port: port)
/// try await client.send("GET /hello HTTP/1.1\r\nHost: test\r\n\r\n")
/// let response = try await client.readResponse()
/// #expect(response.status == 200)
/// #expect(try await client.readUntilClosed().isEmpty == false)  // or: isClosed
/// await client.close()
/// ```
///
/// Threading: an actor; one test task drives one client.
package actor HTTPTestClient {
    private let socket: AsyncTCPSocket
    private var buffer: [UInt8] = []
    private var sawEndOfStream = false

    private init(socket: AsyncTCPSocket) { self.socket = socket }

    /// Connects to `host:port`.
    ///
    /// - Throws: `IOError` (for example `ECONNREFUSED`).
    package static func connect(
        host: String = "127.0.0.1",
        port: Int,
        timeout: Duration = .seconds(5)
    ) async throws
        -> HTTPTestClient
    {
        let address = try await SocketAddress.resolve(host: host, port: port)
        return HTTPTestClient(socket: try await AsyncTCPSocket.connect(to: address, timeout: timeout))
    }

    /// The client's local port (to correlate with server-side connection info).
    package nonisolated var localPort: Int { socket.localPort }

    /// Sends bytes exactly as given.
    package func send(_ bytes: [UInt8]) async throws { try await socket.write(bytes) }

    /// Sends a string's UTF-8 bytes exactly as given (write `\r\n` yourself).
    package func send(_ text: String) async throws { try await socket.write(Array(text.utf8)) }

    /// Sends `bytes` in pieces of `chunkSize` with `interval` between them (slowloris-style trickle).
    ///
    /// - Throws: when the server closes the connection before everything was sent.
    package func trickle(_ bytes: [UInt8], chunkSize: Int = 1, interval: Duration) async throws {
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + chunkSize, bytes.count)
            try await socket.write(Array(bytes[offset..<end]))
            offset = end
            if offset < bytes.count { try await Task.sleep(for: interval) }
        }
    }

    /// Half-closes the connection (sends FIN); responses can still be read.
    package func shutdownOutput() async { await socket.shutdownOutput() }

    /// Closes the connection.
    package func close() async { await socket.close() }

    /// Reads one response.
    ///
    /// - Parameters:
    ///   - timeout: how long to wait for each piece of the response.
    ///   - isResponseToHEAD: the request was `HEAD`, so a `Content-Length` announces no body.
    /// - Throws: `IOError` with code `timedOut` if the response does not arrive in time, or
    ///   ``HTTPTestClientError`` if the connection closes mid-response or the bytes are not HTTP.
    package func readResponse(
        timeout: Duration = .seconds(5),
        isResponseToHEAD: Bool = false
    ) async throws
        -> HTTPTestResponse
    {
        let headEnd = try await fill(until: { Self.find([13, 10, 13, 10], in: $0) }, timeout: timeout)
        let rawHead = Array(buffer[..<(headEnd + 4)])
        buffer.removeFirst(headEnd + 4)
        var response = try Self.parseHead(rawHead)
        let noBody =
            isResponseToHEAD || (100..<200).contains(response.status) || response.status == 204
            || response.status == 304
        if noBody { return response }
        if let encoding = response.headers["Transfer-Encoding"], encoding.lowercased().contains("chunked") {
            response.wasChunked = true
            response.body = try await readChunkedBody(timeout: timeout)
        } else if let lengthText = response.headers["Content-Length"] {
            guard let length = Int(lengthText.trimmingCharacters()) else {
                throw HTTPTestClientError("bad Content-Length")
            }
            _ = try await fill(until: { $0.count >= length ? length : nil }, timeout: timeout)
            response.body = Array(buffer[..<length])
            buffer.removeFirst(length)
        } else {
            response.body = try await readUntilClosed(timeout: timeout)
        }
        return response
    }

    /// Reads until the server closes the connection and returns the bytes received (beyond what earlier
    /// reads consumed). A connection reset counts as closed.
    ///
    /// - Throws: `IOError` with code `timedOut` if the connection is still open after `timeout`.
    package func readUntilClosed(timeout: Duration = .seconds(5)) async throws -> [UInt8] {
        let deadline = Deadline.now() + timeout
        while !sawEndOfStream {
            let remaining = deadline - Deadline.now()
            guard remaining > .zero else { throw IOError(code: .timedOut, function: "readUntilClosed") }
            try await readMore(timeout: remaining)
        }
        defer { buffer = [] }
        return buffer
    }

    /// Whether the server closes the connection within `timeout` without sending anything more.
    package func isClosedWithoutFurtherBytes(within timeout: Duration = .seconds(5)) async -> Bool {
        guard let rest = try? await readUntilClosed(timeout: timeout) else { return false }
        return rest.isEmpty
    }

    /// Sends one request on a new connection to 127.0.0.1:`port`, reads the response, and closes the
    /// connection (also when sending or reading fails).
    ///
    /// - Throws: `IOError` when nothing listens or the response does not arrive within `timeout`, or
    ///   ``HTTPTestClientError`` for bytes that are not an HTTP response.
    package static func exchange(
        port: Int,
        _ method: String,
        _ target: String,
        headers: [(String, String)] = [],
        body: [UInt8] = [],
        timeout: Duration = .seconds(10)
    ) async throws -> HTTPTestResponse {
        let client = try await connect(port: port, timeout: timeout)
        do {
            try await client.send(request(method, target, headers: headers, body: body))
            let response = try await client.readResponse(timeout: timeout, isResponseToHEAD: method == "HEAD")
            await client.close()
            return response
        } catch {
            await client.close()
            throw error
        }
    }

    /// Builds request bytes: request line, `Host`, the given fields, `Content-Length` when there is a
    /// body (unless `headers` already frames it), and the body.
    package static func request(
        _ method: String = "GET",
        _ target: String,
        version: String = "HTTP/1.1",
        headers: [(String, String)] = [],
        body: [UInt8] = []
    ) -> [UInt8] {
        var text = "\(method) \(target) \(version)\r\n"
        // `Host: test` unless the caller names the host (peers such as an OIDC provider build URLs from it).
        if !headers.contains(where: { $0.0.lowercased() == "host" }) { text += "Host: test\r\n" }
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        let framed = headers.contains { ["content-length", "transfer-encoding"].contains($0.0.lowercased()) }
        if !body.isEmpty && !framed { text += "Content-Length: \(body.count)\r\n" }
        text += "\r\n"
        return Array(text.utf8) + body
    }

    private func readChunkedBody(timeout: Duration) async throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let lineEnd = try await fill(until: { Self.find([13, 10], in: $0) }, timeout: timeout)
            let line = String(decoding: buffer[..<lineEnd], as: UTF8.self)
            buffer.removeFirst(lineEnd + 2)
            let sizeText = line.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingCharacters(), radix: 16) else {
                throw HTTPTestClientError("bad chunk size line '\(line)'")
            }
            if size == 0 {
                // Trailer fields, then the final CRLF.
                while true {
                    let end = try await fill(until: { Self.find([13, 10], in: $0) }, timeout: timeout)
                    buffer.removeFirst(end + 2)
                    if end == 0 { return body }
                }
            }
            _ = try await fill(until: { $0.count >= size + 2 ? size : nil }, timeout: timeout)
            body += buffer[..<size]
            buffer.removeFirst(size + 2)
        }
    }

    /// Reads until `found` returns an index for the buffered bytes; returns that index.
    private func fill(until found: ([UInt8]) -> Int?, timeout: Duration) async throws -> Int {
        let deadline = Deadline.now() + timeout
        while true {
            if let index = found(buffer) { return index }
            guard !sawEndOfStream else {
                throw HTTPTestClientError("connection closed mid-response after \(buffer.count) bytes")
            }
            let remaining = deadline - Deadline.now()
            guard remaining > .zero else { throw IOError(code: .timedOut, function: "readResponse") }
            try await readMore(timeout: remaining)
        }
    }

    private func readMore(timeout: Duration) async throws {
        do {
            let bytes = try await socket.read(timeout: timeout)
            if bytes.isEmpty { sawEndOfStream = true } else { buffer += bytes }
        } catch let error as IOError where error.code != .timedOut {
            // ECONNRESET and friends: the server is gone, which tests treat as closed.
            sawEndOfStream = true
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return start }
        }
        return nil
    }

    private static func parseHead(_ raw: [UInt8]) throws -> HTTPTestResponse {
        let text = String(decoding: raw.dropLast(4), as: UTF8.self)
        var lines = text.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else {
            throw HTTPTestClientError("not an HTTP status line: '\(statusLine)'")
        }
        var headers = HTTPFields()
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw HTTPTestClientError("bad header line '\(line)'") }
            headers.add(String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters())
        }
        return HTTPTestResponse(
            version: String(parts[0]),
            status: status,
            reason: parts.count > 2 ? String(parts[2]) : "",
            headers: headers,
            body: [],
            wasChunked: false,
            rawHead: raw
        )
    }
}

/// A response that ``HTTPTestClient`` could not read as HTTP, or a connection closed mid-response.
package struct HTTPTestClientError: Error, CustomStringConvertible {
    /// What went wrong.
    package var description: String

    /// Creates the error.
    package init(_ description: String) { self.description = description }
}

extension String {
    fileprivate func trimmingCharacters() -> String {
        String(self[...].trimmingASCIIWhitespace())
    }

    fileprivate func components(separatedBy separator: String) -> [String] {
        var result: [String] = []
        var rest = self[...]
        while let range = rest.firstRange(of: separator) {
            result.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        result.append(String(rest))
        return result
    }
}
