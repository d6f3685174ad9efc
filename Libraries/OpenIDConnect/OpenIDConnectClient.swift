package import Foundation
package import HTTPClient
import HTTPCore
import JWT
package import LogKit
import Synchronization

/// A relying party for the OpenID Connect authorization code flow with PKCE (Google sign-in, or any
/// provider with discovery), plus ID token verification for credentials obtained elsewhere (Google One Tap).
///
/// Discovery (`<issuer>/.well-known/openid-configuration`) is fetched on first use and cached for
/// ``OpenIDProviderConfiguration/metadataLifetime``; the JWKS is fetched on first verification and
/// refetched when a token names an unknown `kid`, at most once per
/// ``OpenIDProviderConfiguration/minimumKeyRefreshInterval``.
///
/// ```swift
/// let client = OpenIDConnectClient(configuration: configuration, httpClient: http, logger: logger)
/// let request = OpenIDAuthorizationRequest.random()
/// let url = try await client.authorizationURL(for: request)        // send the browser there
/// // … callback with `code`:
/// let claims = try await client.signIn(code: code, request: request)
/// ```
///
/// Threading: `Sendable`; network calls suspend on ``HTTPClient`` (never block); caches are behind a mutex.
/// Errors are ``OpenIDConnectError``. Logs at debug level only, never codes, tokens, state or secrets.
package final class OpenIDConnectClient: Sendable {
    /// The provider and client settings.
    package let configuration: OpenIDProviderConfiguration
    private let httpClient: HTTPClient
    private let ownsHTTPClient: Bool
    private let logger: Logger
    private let now: @Sendable () -> Date
    private let cache = Mutex(Cache())

    private struct Cache {
        var metadata: OpenIDProviderMetadata?
        var metadataFetchedAt: Date?
        var keys: JWKSet?
        var keysFetchedAt: Date?
    }

    /// Creates a client; nothing is fetched until first use.
    ///
    /// - Parameters:
    ///   - configuration: The provider and our client credentials.
    ///   - httpClient: Sends the requests; the caller owns (and shuts down) it.
    ///   - logger: Debug records for fetches and failures.
    ///   - now: The clock for token times and cache ages (tests inject a fixed one).
    package init(
        configuration: OpenIDProviderConfiguration,
        httpClient: HTTPClient,
        logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.httpClient = httpClient
        self.ownsHTTPClient = false
        self.logger = logger
        self.now = now
    }

    /// Creates a client with its own ``HTTPClient`` (one thread), which ``shutdown()`` stops.
    ///
    /// - Parameters:
    ///   - configuration: The provider and our client credentials.
    ///   - logger: Debug records for fetches and failures.
    package init(configuration: OpenIDProviderConfiguration, logger: Logger) {
        self.configuration = configuration
        self.httpClient = HTTPClient(logger: logger)
        self.ownsHTTPClient = true
        self.logger = logger
        self.now = { Date() }
    }

    /// Stops the HTTP client if this client created it; a shared one is left to its owner.
    package func shutdown() async {
        if ownsHTTPClient { await httpClient.shutdown() }
    }

    /// The provider's endpoints: the overrides when all three are configured, else the (cached) discovery
    /// document with the overrides applied.
    ///
    /// - Throws: ``OpenIDConnectError`` `providerUnavailable` or `invalidProviderResponse`.
    package func metadata() async throws -> OpenIDProviderMetadata {
        if let overridden = OpenIDProviderMetadata(overridesIn: configuration) { return overridden }
        let current = now()
        let lifetime = Self.seconds(configuration.metadataLifetime)
        let cached = cache.withLock { cache -> OpenIDProviderMetadata? in
            guard let metadata = cache.metadata, let fetchedAt = cache.metadataFetchedAt,
                current.timeIntervalSince(fetchedAt) < lifetime
            else { return nil }
            return metadata
        }
        if let cached { return cached }
        let body = try await fetch(configuration.discoveryURL, what: "discovery document")
        let metadata = try OpenIDProviderMetadata(json: body, configuration: configuration)
        cache.withLock {
            $0.metadata = metadata
            $0.metadataFetchedAt = current
        }
        logger.debug("oidc discovery document fetched", metadata: ["oidc.issuer": configuration.issuer])
        return metadata
    }

    /// The URL to send the browser to for `request` (code flow, PKCE S256, nonce, scopes).
    ///
    /// - Throws: ``OpenIDConnectError`` when discovery fails.
    package func authorizationURL(for request: OpenIDAuthorizationRequest) async throws -> String {
        let metadata = try await metadata()
        return request.url(endpoint: metadata.authorizationEndpoint, configuration: configuration)
    }

    /// Exchanges an authorization code at the token endpoint (`client_secret_post`, with the PKCE verifier).
    ///
    /// - Parameters:
    ///   - code: The `code` the callback received.
    ///   - codeVerifier: The verifier of the authorization request.
    /// - Returns: The token response (the ID token is not verified yet).
    /// - Throws: ``OpenIDConnectError``: `codeRejected` for a 4xx answer, `providerUnavailable` for no
    ///   answer or 5xx, `invalidProviderResponse` for a 200 without `id_token`.
    package func exchange(code: String, codeVerifier: String) async throws -> OpenIDTokenResponse {
        let metadata = try await metadata()
        let form = FormURLEncoding.encode([
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", configuration.redirectURI),
            ("client_id", configuration.clientID),
            ("client_secret", configuration.clientSecret),
            ("code_verifier", codeVerifier),
        ])
        let request = HTTPClientRequest(
            method: .post,
            url: metadata.tokenEndpoint,
            headers: ["Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"],
            body: Array(form.utf8)
        )
        let response = try await send(request, what: "token endpoint")
        switch response.status.code {
        case 200..<300:
            guard let decoded = try? JSONDecoder().decode(OpenIDTokenResponse.self, from: Data(response.body)),
                !decoded.idToken.isEmpty
            else {
                throw OpenIDConnectError(.invalidProviderResponse, reason: "token response has no id_token")
            }
            return decoded
        case 400..<500:
            let oauthError = (try? JSONDecoder().decode(OAuthErrorBody.self, from: Data(response.body)))?.error
            let safeError = oauthError.map(Self.sanitized) ?? "status \(response.status.code)"
            logger.debug("oidc code exchange rejected", metadata: ["oidc.error": safeError])
            throw OpenIDConnectError(.codeRejected, reason: "token endpoint rejected the code: \(safeError)")
        default:
            throw OpenIDConnectError(
                .providerUnavailable,
                reason: "token endpoint answered \(response.status.code)"
            )
        }
    }

    /// Verifies an ID token against the provider's keys (fetching them first if needed, and once more if
    /// the token's `kid` is unknown and the keys were not refreshed within the minimum interval).
    ///
    /// - Parameters:
    ///   - token: The ID token or One Tap credential.
    ///   - nonce: The expected nonce; `nil` skips the check.
    /// - Returns: The verified claims.
    /// - Throws: ``OpenIDConnectError``; a token failure code, or a provider failure when the keys cannot be
    ///   fetched.
    package func verifyIDToken(_ token: String, nonce: String?) async throws -> IDTokenClaims {
        let verifier = IDTokenVerifier(configuration: configuration)
        let keys = try await currentKeys()
        do {
            return try verifier.verify(token, keys: keys, nonce: nonce, now: now())
        } catch  where error.code == .unknownKey {
            guard let refreshed = try await refreshedKeys() else { throw error }
            return try verifier.verify(token, keys: refreshed, nonce: nonce, now: now())
        }
    }

    /// The code flow's second half: ``exchange(code:codeVerifier:)`` then ``verifyIDToken(_:nonce:)`` with
    /// the request's nonce.
    ///
    /// - Throws: ``OpenIDConnectError``.
    package func signIn(code: String, request: OpenIDAuthorizationRequest) async throws -> IDTokenClaims {
        try await signIn(code: code, codeVerifier: request.codeVerifier, nonce: request.nonce)
    }

    /// The code flow's second half with a stored verifier and nonce.
    ///
    /// - Throws: ``OpenIDConnectError``.
    package func signIn(code: String, codeVerifier: String, nonce: String) async throws -> IDTokenClaims {
        let tokens = try await exchange(code: code, codeVerifier: codeVerifier)
        return try await verifyIDToken(tokens.idToken, nonce: nonce)
    }

    // MARK: Keys

    private func currentKeys() async throws -> JWKSet {
        if let keys = cache.withLock({ $0.keys }) { return keys }
        return try await fetchKeys(at: now())
    }

    /// Refetches the keys unless that happened less than the minimum interval ago (then `nil`).
    private func refreshedKeys() async throws -> JWKSet? {
        let current = now()
        let interval = Self.seconds(configuration.minimumKeyRefreshInterval)
        let allowed = cache.withLock { cache -> Bool in
            if let fetchedAt = cache.keysFetchedAt, current.timeIntervalSince(fetchedAt) < interval { return false }
            // Claim the refresh now, so concurrent verifications of unknown kids do not all refetch.
            cache.keysFetchedAt = current
            return true
        }
        guard allowed else { return nil }
        return try await fetchKeys(at: current)
    }

    private func fetchKeys(at time: Date) async throws -> JWKSet {
        let metadata = try await metadata()
        let body = try await fetch(metadata.jwksURI, what: "JWKS")
        let keys: JWKSet
        do {
            keys = try JWKSet(json: body)
        } catch {
            throw OpenIDConnectError(.invalidProviderResponse, reason: "JWKS: \(error.reason)", underlying: error)
        }
        cache.withLock {
            $0.keys = keys
            $0.keysFetchedAt = time
        }
        logger.debug("oidc signing keys fetched", metadata: ["oidc.key_count": "\(keys.keys.count)"])
        return keys
    }

    // MARK: HTTP

    private func fetch(_ url: String, what: String) async throws -> [UInt8] {
        let response = try await send(
            HTTPClientRequest(method: .get, url: url, headers: ["Accept": "application/json"]),
            what: what
        )
        guard response.status.code == 200 else {
            throw OpenIDConnectError(
                response.status.code >= 500 ? .providerUnavailable : .invalidProviderResponse,
                reason: "\(what) answered \(response.status.code)"
            )
        }
        return response.body
    }

    private func send(_ request: HTTPClientRequest, what: String) async throws -> HTTPClientResponse {
        do {
            return try await httpClient.execute(request, timeout: configuration.requestTimeout)
        } catch {
            logger.debug("oidc request failed", metadata: ["oidc.endpoint": what, "error": "\(error)"])
            throw OpenIDConnectError(.providerUnavailable, reason: "\(what) unreachable", underlying: error)
        }
    }

    private struct OAuthErrorBody: Decodable {
        var error: String?
    }

    /// The OAuth `error` value if it is a plain token (RFC 6749 allows only printable ASCII), else a marker.
    private static func sanitized(_ value: String) -> String {
        let allowed = value.utf8.count <= 64 && value.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 }
        return allowed ? value : "unrecognised error"
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
