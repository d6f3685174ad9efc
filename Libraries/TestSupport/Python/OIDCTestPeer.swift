import Foundation

/// A local OpenID Connect provider standing in for Google in tests: `oidc-provider-mock` 0.3.4
/// (`TEST-PEERS.md`) on 127.0.0.1 — discovery, JWKS, RS256 ID tokens, the code flow driven headless.
///
/// ```swift
/// let oidc = try await OIDCTestPeer.start()
/// defer { oidc.stop() }
/// try await oidc.setUser("g-1", claims: ["email": "ana@example.com", "email_verified": true, "name": "Ana"])
/// // AUTH_GOOGLE_ISSUER = oidc.issuer
/// ```
package struct OIDCTestPeer: Sendable {
    /// The port it listens on.
    package let port: Int
    /// The issuer (`http://127.0.0.1:PORT`); discovery is at `<issuer>/.well-known/openid-configuration`.
    package var issuer: String { "http://127.0.0.1:\(port)" }
    private let peer: PythonPeer

    /// Starts a provider on a free port.
    package static func start() async throws -> OIDCTestPeer {
        let peer = try await PythonPeer.start(name: "oidc", script: script)
        guard let port = Int(peer.firstLine.trimmingCharacters(in: .whitespaces)) else {
            peer.stop()
            throw PythonPeer.StartError(description: "oidc peer printed \(peer.firstLine) instead of a port")
        }
        return OIDCTestPeer(port: port, peer: peer)
    }

    /// Creates or replaces the user `subject` with `claims` (for example `email`, `email_verified`, `name`),
    /// which the provider puts in the ID tokens it issues for them.
    package func setUser(_ subject: String, claims: [String: any Sendable]) async throws {
        let body = try JSONSerialization.data(withJSONObject: claims)
        let response = try await HTTPTestClient.exchange(
            port: port,
            "PUT",
            "/users/\(subject.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? subject)",
            headers: [("Host", "127.0.0.1:\(port)"), ("Content-Type", "application/json"), ("Connection", "close")],
            body: Array(body)
        )
        guard response.status == 204 else {
            throw PythonPeer.StartError(description: "oidc peer refused user \(subject): \(response.status)")
        }
    }

    /// What the provider logged.
    package func log() -> String { peer.errors() }

    /// Stops the provider.
    package func stop() { peer.stop() }

    private static let script = #"""
        import socket, sys, logging
        import werkzeug.serving
        from oidc_provider_mock import app
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
        server = werkzeug.serving.make_server("127.0.0.1", port, app(), threaded=True)
        print(port, flush=True)
        server.serve_forever()
        """#
}
