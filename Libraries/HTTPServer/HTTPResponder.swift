package import HTTPCore

/// The one boundary between the server and the application: turns a request into a response.
///
/// The server calls ``bodyLimit(for:)`` on its event loop as soon as a request head is parsed (so it
/// must be fast and must not block), then buffers the body up to that limit and calls
/// ``respond(to:connection:)`` from a task. Errors are the responder's to map: the method cannot throw.
package protocol HTTPResponder: Sendable {
    /// The largest body, in bytes, accepted for a request with this head; `nil` means the server's
    /// default (``HTTPServerConfiguration``'s `maxBodyBytes`, 1 MiB unless configured).
    func bodyLimit(for head: HTTPRequestHead) -> Int?

    /// Produces the response to a complete request.
    func respond(to request: HTTPRequest, connection: HTTPConnectionInfo) async -> HTTPResponse
}

extension HTTPResponder {
    /// The server's default limit for every request.
    package func bodyLimit(for head: HTTPRequestHead) -> Int? { nil }
}

/// Facts about the connection a request arrived on.
package struct HTTPConnectionInfo: Sendable {
    /// The peer's address, such as `127.0.0.1`.
    package var remoteAddress: String
    /// The peer's port.
    package var remotePort: Int
    /// The local port the connection was accepted on.
    package var localPort: Int

    /// Creates connection facts (the server does; tests may).
    package init(remoteAddress: String, remotePort: Int, localPort: Int) {
        self.remoteAddress = remoteAddress
        self.remotePort = remotePort
        self.localPort = localPort
    }
}
