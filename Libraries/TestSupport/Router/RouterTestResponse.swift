package import HTTPCore

/// A complete response received by ``RouterTestClient``.
package struct RouterTestResponse: Sendable {
    /// The status.
    package var status: HTTPStatus
    /// The header fields.
    package var headers: HTTPFields
    /// The whole body (empty for `HEAD`).
    package var body: [UInt8]

    /// Creates a response.
    package init(status: HTTPStatus, headers: HTTPFields, body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body as UTF-8 text.
    package var text: String { String(decoding: body, as: UTF8.self) }
}
