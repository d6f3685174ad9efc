import ConfigKit
import OpenIDConnect

/// Google sign-in settings, read from the `AUTH_GOOGLE_*` keys.
///
/// | key | default | meaning |
/// |---|---|---|
/// | `AUTH_GOOGLE_CLIENT_ID` | unset | the OAuth client ID; unset turns the Google routes off (503 `GOOGLE_NOT_CONFIGURED`) |
/// | `AUTH_GOOGLE_CLIENT_SECRET` | empty | the OAuth client secret (secret) |
/// | `AUTH_GOOGLE_ISSUER` | `https://accounts.google.com` | the OpenID provider; its discovery document gives the endpoints |
/// | `AUTH_GOOGLE_AUTHORIZATION_ENDPOINT` | from discovery | override |
/// | `AUTH_GOOGLE_TOKEN_ENDPOINT` | from discovery | override |
/// | `AUTH_GOOGLE_JWKS_URI` | from discovery | override |
/// | `AUTH_GOOGLE_STATE_TTL` | `10m` | how long a `start` may wait for its callback |
/// | `AUTH_GOOGLE_TIMEOUT` | `10s` | each request to the provider |
///
/// The redirect URI is `<AUTH_PUBLIC_URL>/api/v1/auth/google/callback`.
struct GoogleSignInConfiguration: Sendable {
    /// The provider and client; `nil` when no client ID is configured.
    var provider: OpenIDProviderConfiguration?
    /// The lifetime of a stored `state`.
    var stateTTL: Duration

    /// Reads the keys in the table above.
    ///
    /// - Parameters:
    ///   - reader: The service's configuration.
    ///   - publicURL: `AUTH_PUBLIC_URL` without a trailing slash.
    /// - Throws: ``ConfigError`` for an unparsable duration.
    init(reader: ConfigReader, publicURL: String) throws(ConfigError) {
        let google = reader.scoped("AUTH").scoped("GOOGLE")
        stateTTL = try google.duration("STATE_TTL", default: .seconds(600))
        guard stateTTL >= .seconds(10) else {
            throw ConfigError(key: google.fullKey("STATE_TTL"), problem: "must be at least 10s")
        }
        let timeout = try google.duration("TIMEOUT", default: .seconds(10))
        let issuer = google.string("ISSUER", default: OpenIDProviderConfiguration.googleIssuer)
        let secret = google.optionalString("CLIENT_SECRET", secret: true) ?? ""
        let authorization = google.optionalString("AUTHORIZATION_ENDPOINT")
        let token = google.optionalString("TOKEN_ENDPOINT")
        let jwks = google.optionalString("JWKS_URI")
        guard let clientID = google.optionalString("CLIENT_ID") else {
            provider = nil
            return
        }
        var provider = OpenIDProviderConfiguration(
            issuer: issuer,
            clientID: clientID,
            clientSecret: secret,
            redirectURI: publicURL + "/api/v1/auth/google/callback"
        )
        provider.authorizationEndpoint = authorization
        provider.tokenEndpoint = token
        provider.jwksURI = jwks
        provider.requestTimeout = timeout
        self.provider = provider
    }
}
