import Cryptography

/// The secrets of one authorization request: `state`, `nonce` and the PKCE code verifier.
///
/// Each is 32 random bytes, Base64URL without padding (43 characters). The caller keeps them (state hashed)
/// until the callback: `state` proves the callback answers our request, the verifier is sent with the code,
/// and the nonce must come back in the ID token.
///
/// ```swift
/// let request = OpenIDAuthorizationRequest.random()
/// let url = try await client.authorizationURL(for: request)
/// ```
package struct OpenIDAuthorizationRequest: Sendable, Hashable {
    /// The `state` parameter. Secret until used: store only its hash.
    package var state: String
    /// The `nonce` parameter, echoed in the ID token.
    package var nonce: String
    /// The PKCE `code_verifier` (RFC 7636), sent only to the token endpoint.
    package var codeVerifier: String

    /// Creates a request from known values (tests).
    package init(state: String, nonce: String, codeVerifier: String) {
        self.state = state
        self.nonce = nonce
        self.codeVerifier = codeVerifier
    }

    /// A request with fresh random state, nonce and verifier (256 bits each).
    package static func random() -> OpenIDAuthorizationRequest {
        OpenIDAuthorizationRequest(
            state: SecureRandom.token(byteCount: 32),
            nonce: SecureRandom.token(byteCount: 32),
            codeVerifier: SecureRandom.token(byteCount: 32)
        )
    }

    /// The PKCE `code_challenge` for ``codeVerifier`` with method `S256`: Base64URL(SHA-256(verifier)).
    package var codeChallenge: String {
        Self.codeChallenge(for: codeVerifier)
    }

    /// Base64URL(SHA-256(ASCII(verifier))), no padding (RFC 7636 §4.2).
    package static func codeChallenge(for verifier: String) -> String {
        Base64URL.encode(SHA256.hash(Array(verifier.utf8)))
    }

    /// The authorization endpoint URL with the code-flow query parameters.
    ///
    /// - Parameters:
    ///   - endpoint: The authorization endpoint (it may already carry a query).
    ///   - configuration: Client ID, redirect URI and scopes.
    /// - Returns: `endpoint?response_type=code&client_id=…&redirect_uri=…&scope=…&state=…&nonce=…&code_challenge=…&code_challenge_method=S256`.
    package func url(endpoint: String, configuration: OpenIDProviderConfiguration) -> String {
        let query = FormURLEncoding.encode([
            ("response_type", "code"),
            ("client_id", configuration.clientID),
            ("redirect_uri", configuration.redirectURI),
            ("scope", configuration.scopes.joined(separator: " ")),
            ("state", state),
            ("nonce", nonce),
            ("code_challenge", codeChallenge),
            ("code_challenge_method", "S256"),
        ])
        return endpoint + (endpoint.contains("?") ? "&" : "?") + query
    }
}
