package import HTTPCore

/// One HTTP response as ``HTTPTestClient`` read it off the wire.
package struct HTTPTestResponse: Sendable {
    /// The version on the status line, such as `HTTP/1.1`.
    package var version: String
    /// The status code.
    package var status: Int
    /// The reason phrase.
    package var reason: String
    /// The header fields, in order.
    package var headers: HTTPFields
    /// The body, de-chunked when it was sent chunked.
    package var body: [UInt8]
    /// Whether the body was sent with `Transfer-Encoding: chunked`.
    package var wasChunked: Bool
    /// The raw bytes of the head, status line through the blank line.
    package var rawHead: [UInt8]

    /// Creates a response value (the client builds these; tests rarely need to).
    package init(
        version: String,
        status: Int,
        reason: String,
        headers: HTTPFields,
        body: [UInt8],
        wasChunked: Bool,
        rawHead: [UInt8]
    ) {
        self.version = version
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
        self.wasChunked = wasChunked
        self.rawHead = rawHead
    }

    /// The body decoded as UTF-8.
    package var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The first value of a header field, ignoring case.
    package func header(_ name: String) -> String? { headers[name] }

    /// Whether the response says `Connection: close`.
    package var closesConnection: Bool {
        headers.values(for: "Connection").contains { $0.lowercased().contains("close") }
    }
}
