/// A complete HTTP request: its head and its fully received body.
///
/// The server buffers the body up to the route's limit before calling the responder, so handlers see a
/// whole request or none (an oversized body is answered 413 by the server itself).
package struct HTTPRequest: Sendable {
    /// The request line and header fields.
    package var head: HTTPRequestHead
    /// The whole body (empty when the request has none).
    package var body: [UInt8]

    /// Creates a request.
    package init(head: HTTPRequestHead, body: [UInt8] = []) {
        self.head = head
        self.body = body
    }

    /// The request method.
    package var method: HTTPMethod { head.method }
    /// The request line and header fields.
    package var headers: HTTPFields { head.headers }
}
