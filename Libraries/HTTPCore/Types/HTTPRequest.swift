/// A complete HTTP request: its head and its fully received body.
///
/// The server buffers the body up to the route's limit before calling the responder, so handlers see a
/// whole request or none (an oversized body is answered 413 by the server itself).
package struct HTTPRequest: Sendable {
    package var head: HTTPRequestHead
    package var body: [UInt8]

    package init(head: HTTPRequestHead, body: [UInt8] = []) {
        self.head = head
        self.body = body
    }

    package var method: HTTPMethod { head.method }
    package var headers: HTTPFields { head.headers }
}
