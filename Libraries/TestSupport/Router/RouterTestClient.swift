package import HTTPCore
package import HTTPServer
import Synchronization

/// Calls an ``HTTPResponder`` (usually a `Router`) in process, as the server would, without sockets.
///
/// Like the server it asks ``HTTPResponder/bodyLimit(for:)`` first and answers 413 itself when the body is
/// larger, drops the body of `HEAD` responses, and collects streamed bodies.
///
/// ```swift
/// let client = RouterTestClient(router)
/// let response = await client.execute(.post, "/paylinks", json: #"{"title":"Tee"}"#)
/// #expect(response.status == .created)
/// ```
package struct RouterTestClient<Responder: HTTPResponder>: Sendable {
    /// The responder under test.
    package let responder: Responder
    /// The connection info passed with every request.
    package var connection: HTTPConnectionInfo
    /// The body limit used when the responder reports none (the server's default, 1 MiB).
    package var defaultMaxBodyBytes: Int

    /// Creates a client for `responder`.
    package init(
        _ responder: Responder,
        connection: HTTPConnectionInfo = HTTPConnectionInfo(
            remoteAddress: "127.0.0.1",
            remotePort: 50_000,
            localPort: 8080
        ),
        defaultMaxBodyBytes: Int = 1 << 20
    ) {
        self.responder = responder
        self.connection = connection
        self.defaultMaxBodyBytes = defaultMaxBodyBytes
    }

    /// Sends a request and returns the complete response.
    package func execute(
        _ method: HTTPMethod,
        _ target: String,
        headers: HTTPFields = [:],
        body: [UInt8] = []
    ) async -> RouterTestResponse {
        let head = HTTPRequestHead(method: method, target: target, headers: headers)
        let limit = responder.bodyLimit(for: head) ?? defaultMaxBodyBytes
        guard body.count <= limit else {
            return RouterTestResponse(status: .contentTooLarge, headers: [:], body: [])
        }
        let response = await responder.respond(to: HTTPRequest(head: head, body: body), connection: connection)
        var bytes: [UInt8]
        switch response.body {
        case .bytes(let content):
            bytes = content
        case .stream(let stream):
            let writer = CollectingWriter()
            try? await stream.produce(writer)
            bytes = writer.bytes
        }
        if method == .head { bytes = [] }
        return RouterTestResponse(status: response.status, headers: response.headers, body: bytes)
    }

    /// Sends a request with a JSON body and `Content-Type: application/json`.
    package func execute(
        _ method: HTTPMethod,
        _ target: String,
        headers: HTTPFields = [:],
        json: String
    ) async -> RouterTestResponse {
        var headers = headers
        if !headers.contains("Content-Type") { headers.add("Content-Type", "application/json") }
        return await execute(method, target, headers: headers, body: Array(json.utf8))
    }
}

/// Gathers the chunks of a streamed body.
private final class CollectingWriter: HTTPBodyWriter {
    private let storage = Mutex<[UInt8]>([])

    func write(_ bytes: [UInt8]) async throws { storage.withLock { $0.append(contentsOf: bytes) } }

    var bytes: [UInt8] { storage.withLock { $0 } }
}
