import Foundation
import TestSupport

/// The real `oidc-provider-mock` (TestSupport's ``OIDCTestPeer``) standing in for Google in the auth route
/// tests: register users with claims, approve an authorization URL as a user (its consent form, headless),
/// and mint ID tokens for One Tap by running the code flow against it directly.
struct GoogleMockProvider: Sendable {
    let oidc: OIDCTestPeer

    /// The issuer the mock reports (and signs into tokens).
    var issuer: String { oidc.issuer }

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

    /// Runs the mock for the duration of `body`.
    static func run(_ body: (GoogleMockProvider) async throws -> Void) async throws {
        try await OIDCTestPeer.run { try await body(GoogleMockProvider(oidc: $0)) }
    }

    /// Registers (or replaces) a user and its claims.
    func setUser(_ sub: String, email: String, verified: Bool?, name: String? = nil) async throws {
        var claims: [String: any Sendable] = ["email": email]
        if let verified { claims["email_verified"] = verified }
        if let name { claims["name"] = name }
        try await oidc.setUser(sub, claims: claims)
    }

    /// Approves `authorizationURL` as `sub`; returns the callback URL's query parameters.
    func approve(_ authorizationURL: String, as sub: String) async throws -> [String: String] {
        try await oidc.approve(authorizationURL, as: sub)
    }

    /// An ID token for `sub` issued to `clientID` (as Google One Tap hands the browser a credential).
    func idToken(for sub: String, clientID: String = clientID, nonce: String = "one-tap-nonce") async throws -> String {
        try await oidc.idToken(for: sub, clientID: clientID, nonce: nonce)
    }
}

/// The query parameters of a URL.
func queryParameters(_ url: String) -> [String: String] {
    let items = URLComponents(string: url)?.queryItems ?? []
    return Dictionary(items.map { ($0.name, $0.value ?? "") }) { $1 }
}
