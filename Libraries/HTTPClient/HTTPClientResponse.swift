package import HTTPCore

/// A complete HTTP response: the final status (interim 1xx responses are skipped), its header fields in
/// the order received with duplicates kept, and the whole body.
package struct HTTPClientResponse: Sendable {
    /// The final response's status, with the reason phrase the server sent.
    package var status: HTTPStatus
    /// The final response's header fields, in order, duplicates kept (for example several `Set-Cookie`).
    package var headers: HTTPFields
    /// The response body, exactly as received (no content decoding is applied).
    package var body: [UInt8]

    /// Creates a response.
    package init(status: HTTPStatus, headers: HTTPFields = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
