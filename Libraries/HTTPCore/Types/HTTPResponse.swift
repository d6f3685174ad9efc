/// An HTTP response: status, header fields and a body.
///
/// `Content-Length`, `Transfer-Encoding`, `Date` and `Connection` are managed by the server; a responder
/// need not set them.
package struct HTTPResponse: Sendable {
    /// The status code and reason phrase.
    package var status: HTTPStatus
    /// Header fields; the server adds the framing ones.
    package var headers: HTTPFields
    /// The body.
    package var body: HTTPResponseBody

    /// Creates a response (an empty body by default).
    package init(status: HTTPStatus, headers: HTTPFields = [:], body: HTTPResponseBody = .empty) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response with a byte body.
    package init(status: HTTPStatus, headers: HTTPFields = [:], bytes: [UInt8]) {
        self.init(status: status, headers: headers, body: .bytes(bytes))
    }
}

/// The body of an ``HTTPResponse``: bytes known up front (sent with `Content-Length`) or a stream
/// (sent chunked, with backpressure from the client's socket).
package enum HTTPResponseBody: Sendable {
    case bytes([UInt8])
    case stream(HTTPBodyStream)

    /// An empty body.
    package static var empty: HTTPResponseBody { .bytes([]) }
}

/// A streamed response body: a closure that writes chunks until it returns.
///
/// The closure runs as a task; each `write` suspends until the connection has room, so a slow client
/// slows the producer instead of growing a buffer.
package struct HTTPBodyStream: Sendable {
    /// Writes the body, chunk by chunk, then returns.
    package let produce: @Sendable (any HTTPBodyWriter) async throws -> Void

    /// Creates a stream from a producing closure.
    package init(_ produce: @escaping @Sendable (any HTTPBodyWriter) async throws -> Void) {
        self.produce = produce
    }
}

/// Where a streamed body's chunks go.
package protocol HTTPBodyWriter: Sendable {
    /// Sends one chunk; suspends while the connection's outbound buffer is above its high watermark.
    /// - Throws: when the connection has closed.
    func write(_ bytes: [UInt8]) async throws
}
