import Foundation
import TestSupport
import Testing

/// The real `oidc-provider-mock` (PyPI) standing in for Google in the auth route tests, driven over plain
/// HTTP on 127.0.0.1: register users with claims, approve an authorization URL as a user (its consent form,
/// headless), and mint ID tokens for One Tap by running the code flow against it directly.
struct GoogleMockProvider: Sendable {
    let port: Int

    /// The issuer the mock reports (and signs into tokens).
    var issuer: String { "http://127.0.0.1:\(port)" }

    /// The client ID the tests configure auth with.
    static let clientID = "paylinks-google-test-client"

    /// The `AUTH_*` settings that point auth at this provider.
    var settings: [String: String] {
        [
            "AUTH_GOOGLE_CLIENT_ID": Self.clientID,
            "AUTH_GOOGLE_CLIENT_SECRET": "google-test-client-secret",
            "AUTH_GOOGLE_ISSUER": issuer,
            "AUTH_ALLOWED_REDIRECT_ORIGINS": "http://localhost:8080,https://app.example.com",
        ]
    }

    private static let script = #"""
        import logging, os
        os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"
        logging.disable(logging.CRITICAL)
        import werkzeug.serving
        from oidc_provider_mock import app
        server = werkzeug.serving.make_server("127.0.0.1", 0, app(), threaded=True)
        print(server.server_port, flush=True)
        server.serve_forever(0.1)
        """#

    /// Runs the mock for the duration of `body`.
    static func run(_ body: (GoogleMockProvider) async throws -> Void) async throws {
        let peer = try await PythonPeer.start(name: "google-mock", script: script)
        defer { peer.stop() }
        let port = try #require(Int(peer.firstLine), "mock printed \(peer.firstLine)")
        try await body(GoogleMockProvider(port: port))
    }

    /// One request to the mock with `Host: 127.0.0.1:<port>` (the mock derives its issuer from `Host`, so
    /// tokens it mints name the issuer auth is configured with).
    private func exchange(
        _ method: String,
        _ target: String,
        headers: [(String, String)] = [],
        body: [UInt8] = []
    ) async throws -> HTTPTestResponse {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        text += "Content-Length: \(body.count)\r\n\r\n"
        let client = try await HTTPTestClient.connect(port: port)
        do {
            try await client.send(Array(text.utf8) + body)
            let response = try await client.readResponse(timeout: .seconds(10))
            await client.close()
            return response
        } catch {
            await client.close()
            throw error
        }
    }

    /// Registers (or replaces) a user and its claims.
    func setUser(_ sub: String, email: String, verified: Bool?, name: String? = nil) async throws {
        var claims: [String: Any] = ["email": email]
        if let verified { claims["email_verified"] = verified }
        if let name { claims["name"] = name }
        let response = try await exchange(
            "PUT",
            "/users/\(sub)",
            headers: [("Content-Type", "application/json")],
            body: Array(try JSONSerialization.data(withJSONObject: claims))
        )
        try #require(response.status == 204, "PUT /users: \(response.status) \(response.bodyText)")
    }

    /// Approves `authorizationURL` as `sub`; returns the callback URL's query parameters.
    func approve(_ authorizationURL: String, as sub: String) async throws -> [String: String] {
        let components = try #require(URLComponents(string: authorizationURL))
        try #require(components.port == port, "the authorization URL points at the mock: \(authorizationURL)")
        let target = components.percentEncodedPath + "?" + (components.percentEncodedQuery ?? "")
        let response = try await exchange(
            "POST",
            target,
            headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: Array("sub=\(sub)".utf8)
        )
        try #require(response.status == 302, "authorize: \(response.status) \(response.bodyText)")
        let location = try #require(response.header("Location"))
        let items = try #require(URLComponents(string: location)?.queryItems)
        return Dictionary(items.map { ($0.name, $0.value ?? "") }) { $1 }
    }

    /// An ID token for `sub` issued to `clientID` (as Google One Tap hands the browser a credential).
    func idToken(for sub: String, clientID: String = clientID, nonce: String = "one-tap-nonce") async throws -> String {
        let query = [
            "response_type=code", "client_id=\(clientID)", "redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2Fcb",
            "scope=openid%20email%20profile", "state=s", "nonce=\(nonce)",
        ].joined(separator: "&")
        let code = try #require(try await approve("\(issuer)/oauth2/authorize?\(query)", as: sub)["code"])
        let form =
            "grant_type=authorization_code&code=\(code)&redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2Fcb"
            + "&client_id=\(clientID)&client_secret=x"
        let response = try await exchange(
            "POST",
            "/oauth2/token",
            headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: Array(form.utf8)
        )
        try #require(response.status == 200, "token: \(response.status) \(response.bodyText)")
        let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        return try #require(object?["id_token"] as? String)
    }
}

/// The query parameters of a URL.
func queryParameters(_ url: String) -> [String: String] {
    let items = URLComponents(string: url)?.queryItems ?? []
    return Dictionary(items.map { ($0.name, $0.value ?? "") }) { $1 }
}
