import Foundation
import HTTPClient
import HTTPCore
import LogKit
import OpenIDConnect
import TestSupport
import Testing

/// A running Python OpenID provider (TestSupport's ``OIDCTestPeer``, the real `oidc-provider-mock`, or
/// ``FakeProviderScript``) and an HTTP client to drive it.
struct ProviderPeer {
    let port: Int
    let http: HTTPClient
    /// The `oidc-provider-mock` peer (``withMock(_:)`` only).
    private let mock: OIDCTestPeer?

    /// `http://127.0.0.1:<port>`, the issuer both peers report.
    var issuer: String { "http://127.0.0.1:\(port)" }

    static let logger = Logger(label: "oidc-test", level: .critical)

    /// Runs `oidc-provider-mock` for the duration of `body`.
    static func withMock(_ body: (ProviderPeer) async throws -> Void) async throws {
        try await OIDCTestPeer.run { mock in
            try await withClient { try await body(ProviderPeer(port: mock.port, http: $0, mock: mock)) }
        }
    }

    /// Runs ``FakeProviderScript`` for the duration of `body`.
    static func withFake(_ body: (ProviderPeer) async throws -> Void) async throws {
        let peer = try await PythonPeer.start(name: "oidc-fake", script: FakeProviderScript.source)
        defer { peer.stop() }
        let port = try #require(Int(peer.firstLine), "oidc-fake printed \(peer.firstLine)")
        try await withClient { try await body(ProviderPeer(port: port, http: $0, mock: nil)) }
    }

    private static func withClient(_ body: (HTTPClient) async throws -> Void) async throws {
        let http = HTTPClient(logger: logger)
        do {
            try await body(http)
        } catch {
            await http.shutdown()
            throw error
        }
        await http.shutdown()
    }

    /// A client configuration for this provider.
    func configuration(clientID: String = "paylinks-test-client") -> OpenIDProviderConfiguration {
        OpenIDProviderConfiguration(
            issuer: issuer,
            clientID: clientID,
            clientSecret: "test-client-secret",
            redirectURI: "http://127.0.0.1:1/api/v1/auth/google/callback"
        )
    }

    /// A client for this provider sharing the peer's HTTP client.
    func client(
        clientID: String = "paylinks-test-client",
        now: @escaping @Sendable () -> Date = { Date() }
    ) -> OpenIDConnectClient {
        OpenIDConnectClient(
            configuration: configuration(clientID: clientID),
            httpClient: http,
            logger: Self.logger,
            now: now
        )
    }

    /// Registers (or replaces) a mock user with these claims.
    func setUser(_ sub: String, claims: [String: any Sendable]) async throws {
        try await requireMock().setUser(sub, claims: claims)
    }

    /// Approves `authorizationURL` as `sub` (the mock's consent form, headless) and returns the callback's
    /// query parameters (`code` and `state`, or `error`).
    func approve(_ authorizationURL: String, as sub: String) async throws -> [String: String] {
        try await requireMock().approve(authorizationURL, as: sub)
    }

    private func requireMock() throws -> OIDCTestPeer {
        try #require(mock, "only the oidc-provider-mock peer has users")
    }

    /// Has the fake provider sign `claims` (see ``FakeProviderScript``).
    func sign(
        _ claims: [String: Any],
        key: String = "k1",
        kid: String? = "k1",
        alg: String = "RS256"
    ) async throws
        -> String
    {
        var request: [String: Any] = ["claims": claims, "key": key, "alg": alg]
        request["kid"] = kid ?? NSNull()
        let body = try JSONSerialization.data(withJSONObject: request)
        let response = try await send(.post, "/sign", contentType: "application/json", body: Array(body))
        return String(decoding: response.body, as: UTF8.self)
    }

    /// The fake provider's JWKS document.
    func jwks() async throws -> [UInt8] {
        try await send(.get, "/jwks").body
    }

    /// How often the fake provider's JWKS was fetched.
    func jwksFetches() async throws -> Int {
        let body = try await send(.get, "/stats").body
        let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        return object?["jwksFetches"] as? Int ?? -1
    }

    /// Makes the fake provider publish its keys without `kid`.
    func stripKeyIDs() async throws {
        _ = try await send(.post, "/strip-kids")
    }

    /// Makes the fake provider publish `k2` as well.
    func rotate() async throws {
        _ = try await send(.post, "/rotate")
    }

    private func send(
        _ method: HTTPMethod,
        _ path: String,
        contentType: String? = nil,
        body: [UInt8]? = nil
    ) async throws -> HTTPClientResponse {
        var headers: HTTPFields = [:]
        if let contentType { headers = ["Content-Type": contentType] }
        return try await http.execute(
            HTTPClientRequest(method: method, url: issuer + path, headers: headers, body: body),
            timeout: .seconds(10)
        )
    }
}

/// Standard claims for a token from `issuer` to `audience`, valid for an hour from now.
func standardClaims(issuer: String, audience: Any, now: Date = Date()) -> [String: Any] {
    let seconds = Int(now.timeIntervalSince1970)
    return [
        "iss": issuer, "aud": audience, "sub": "user-1", "iat": seconds, "exp": seconds + 3600,
        "email": "ana@example.com", "email_verified": true, "name": "Ana Pop", "nonce": "expected-nonce",
    ]
}

/// The code `body` failed with, or `nil` when it succeeded (any other error is a test failure).
func failureCode(_ body: () async throws -> Void) async -> OpenIDConnectError.Code? {
    do {
        try await body()
        return nil
    } catch let error as OpenIDConnectError {
        return error.code
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}
