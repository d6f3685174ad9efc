import Foundation

/// A local OpenID Connect provider standing in for Google in tests: `oidc-provider-mock` 0.3.4
/// (`TEST-PEERS.md`) on 127.0.0.1 — discovery, JWKS, RS256 ID tokens, the code flow driven headless.
///
/// The mock builds its issuer (and every URL it hands out) from the request's `Host`, so every request here
/// names `127.0.0.1:PORT`: tokens it mints carry ``issuer``.
///
/// ```swift
/// try await OIDCTestPeer.run { oidc in
///     try await oidc.setUser("g-1", claims: ["email": "ana@example.com", "email_verified": true, "name": "Ana"])
///     // AUTH_GOOGLE_ISSUER = oidc.issuer; consent with oidc.approve(authorizationURL, as: "g-1")
/// }
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

    /// Runs a provider for the duration of `body` (stopped also when `body` throws).
    package static func run<T>(_ body: (OIDCTestPeer) async throws -> T) async throws -> T {
        let oidc = try await start()
        defer { oidc.stop() }
        return try await body(oidc)
    }

    /// Creates or replaces the user `subject` with `claims` (for example `email`, `email_verified`, `name`),
    /// which the provider puts in the ID tokens it issues for them.
    package func setUser(_ subject: String, claims: [String: any Sendable]) async throws {
        let body = try JSONSerialization.data(withJSONObject: claims)
        let response = try await exchange(
            "PUT",
            "/users/\(Self.percentEncoded(subject))",
            contentType: "application/json",
            body: Array(body)
        )
        guard response.status == 204 else {
            throw PythonPeer.StartError(description: "oidc peer refused user \(subject): \(response.status)")
        }
    }

    /// Answers the provider's consent form for `authorizationURL` as `subject` (headless) and returns the
    /// query parameters of the redirect back to the client (`code` and `state`, or `error`).
    ///
    /// - Throws: when the URL is not this provider's or the provider does not redirect.
    package func approve(_ authorizationURL: String, as subject: String) async throws -> [String: String] {
        guard let components = URLComponents(string: authorizationURL), components.port == port else {
            throw PythonPeer.StartError(description: "\(authorizationURL) is not at the oidc peer (port \(port))")
        }
        let target = components.percentEncodedPath + "?" + (components.percentEncodedQuery ?? "")
        let response = try await exchange(
            "POST",
            target,
            contentType: "application/x-www-form-urlencoded",
            body: Array("sub=\(Self.percentEncoded(subject))".utf8)
        )
        guard response.status == 302, let location = response.header("Location"),
            let items = URLComponents(string: location)?.queryItems
        else {
            throw PythonPeer.StartError(description: "oidc authorize answered \(response.status): \(response.bodyText)")
        }
        return Dictionary(items.map { ($0.name, $0.value ?? "") }) { $1 }
    }

    /// An ID token for `subject` issued to `clientID`, obtained by running the code flow against the provider
    /// directly (as Google One Tap hands the browser a credential).
    package func idToken(
        for subject: String,
        clientID: String,
        clientSecret: String = "x",
        nonce: String = "one-tap-nonce",
        redirectURI: String = "http://127.0.0.1:1/cb"
    ) async throws -> String {
        var authorize = URLComponents(string: issuer + "/oauth2/authorize")
        authorize?.queryItems = [
            .init(name: "response_type", value: "code"), .init(name: "client_id", value: clientID),
            .init(name: "redirect_uri", value: redirectURI), .init(name: "scope", value: "openid email profile"),
            .init(name: "state", value: "s"), .init(name: "nonce", value: nonce),
        ]
        let callback = try await approve(authorize?.string ?? "", as: subject)
        guard let code = callback["code"] else {
            throw PythonPeer.StartError(description: "oidc authorize gave no code: \(callback)")
        }
        let form = [
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI),
            ("client_id", clientID), ("client_secret", clientSecret),
        ].map { "\($0)=\(Self.percentEncoded($1))" }.joined(separator: "&")
        let response = try await exchange(
            "POST",
            "/oauth2/token",
            contentType: "application/x-www-form-urlencoded",
            body: Array(form.utf8)
        )
        let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        guard response.status == 200, let token = object?["id_token"] as? String else {
            throw PythonPeer.StartError(description: "oidc token endpoint answered \(response.status)")
        }
        return token
    }

    /// What the provider logged.
    package func log() -> String { peer.errors() }

    /// Stops the provider.
    package func stop() { peer.stop() }

    /// One request to the provider, naming it as `Host` (the mock derives its issuer from it).
    private func exchange(
        _ method: String,
        _ target: String,
        contentType: String,
        body: [UInt8]
    ) async throws -> HTTPTestResponse {
        try await HTTPTestClient.exchange(
            port: port,
            method,
            target,
            headers: [("Host", "127.0.0.1:\(port)"), ("Content-Type", contentType), ("Connection", "close")],
            body: body
        )
    }

    private static func percentEncoded(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    private static let script = #"""
        import logging, os
        os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"
        import werkzeug.serving
        from oidc_provider_mock import app
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        server = werkzeug.serving.make_server("127.0.0.1", 0, app(), threaded=True)
        print(server.server_port, flush=True)
        server.serve_forever(0.1)
        """#
}
