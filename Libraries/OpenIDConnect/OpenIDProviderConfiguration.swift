/// Who the provider is and who we are to it: issuer, client credentials, redirect URI, and optional
/// endpoint overrides.
///
/// Endpoints not overridden come from the discovery document, `<issuer>/.well-known/openid-configuration`.
/// When all three are overridden, discovery is never fetched.
///
/// ```swift
/// let configuration = OpenIDProviderConfiguration(
///     issuer: "https://accounts.google.com",
///     clientID: "123.apps.googleusercontent.com",
///     clientSecret: secret,
///     redirectURI: "https://api.example.com/api/v1/auth/google/callback"
/// )
/// ```
package struct OpenIDProviderConfiguration: Sendable {
    /// Google's issuer identifier.
    package static let googleIssuer = "https://accounts.google.com"

    /// The issuer identifier, without a trailing `/`; the ID token's `iss` must equal it.
    package var issuer: String
    /// Our OAuth client ID; the ID token's `aud` must contain it.
    package var clientID: String
    /// Our OAuth client secret, sent to the token endpoint (`client_secret_post`). Secret: never logged.
    package var clientSecret: String
    /// Where the provider sends the browser back with `code` and `state`.
    package var redirectURI: String
    /// The scopes requested; default `openid email profile`.
    package var scopes: [String] = ["openid", "email", "profile"]
    /// Overrides the discovery document's `authorization_endpoint`.
    package var authorizationEndpoint: String?
    /// Overrides the discovery document's `token_endpoint`.
    package var tokenEndpoint: String?
    /// Overrides the discovery document's `jwks_uri`.
    package var jwksURI: String?
    /// Clock skew tolerated for `exp`, `iat` and `nbf`, in seconds; default 60.
    package var leeway: Int64 = 60
    /// The deadline of each request to the provider; default 10 s.
    package var requestTimeout: Duration = .seconds(10)
    /// How long the discovery document is reused; default 24 hours.
    package var metadataLifetime: Duration = .seconds(24 * 3600)
    /// The shortest time between two JWKS fetches triggered by an unknown `kid`; default 60 s.
    package var minimumKeyRefreshInterval: Duration = .seconds(60)

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - issuer: The issuer identifier; a trailing `/` is removed.
    ///   - clientID: Our OAuth client ID.
    ///   - clientSecret: Our OAuth client secret.
    ///   - redirectURI: Our callback URL, registered with the provider.
    package init(issuer: String, clientID: String, clientSecret: String, redirectURI: String) {
        var issuer = issuer
        while issuer.hasSuffix("/") { issuer.removeLast() }
        self.issuer = issuer
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.redirectURI = redirectURI
    }

    /// The `iss` values accepted: the issuer, and for Google also `accounts.google.com` without scheme
    /// (Google documents both).
    package var acceptedIssuers: [String] {
        issuer == Self.googleIssuer ? [issuer, "accounts.google.com"] : [issuer]
    }

    /// `<issuer>/.well-known/openid-configuration`.
    package var discoveryURL: String { issuer + "/.well-known/openid-configuration" }
}
