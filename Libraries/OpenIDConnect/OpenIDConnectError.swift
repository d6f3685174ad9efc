/// Why an OpenID Connect step failed: the provider could not be reached, refused the code, or the ID token
/// did not verify.
///
/// ``description`` holds the code and a fixed reason (plus, for ``Code/codeRejected``, the provider's OAuth
/// `error` value): never a token, code, state, verifier or client secret.
package struct OpenIDConnectError: Error, CustomStringConvertible {
    /// The kind of failure.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case providerUnavailable
            case invalidProviderResponse
            case codeRejected
            case malformedToken
            case unsupportedAlgorithm
            case invalidSignature
            case unknownKey
            case expired
            case issuedInFuture
            case notYetValid
            case invalidIssuer
            case invalidAudience
            case invalidAuthorizedParty
            case nonceMismatch
            case missingClaim
            case invalidClaim
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The provider (discovery, token or JWKS endpoint) could not be reached, timed out or answered 5xx.
        package static let providerUnavailable = Code(.providerUnavailable)
        /// The provider answered, but not with a usable document (bad JSON, wrong issuer, no keys, no `id_token`).
        package static let invalidProviderResponse = Code(.invalidProviderResponse)
        /// The token endpoint refused the authorization code (4xx, e.g. `invalid_grant`).
        package static let codeRejected = Code(.codeRejected)
        /// Not a compact JWS: wrong segment count, bad Base64URL or JSON, unsupported `typ`/`crit`, oversized.
        package static let malformedToken = Code(.malformedToken)
        /// `alg` is not `RS256` (`none`, `HS256`, …).
        package static let unsupportedAlgorithm = Code(.unsupportedAlgorithm)
        /// No provider key produced the signature (wrong key, tampered header or payload).
        package static let invalidSignature = Code(.invalidSignature)
        /// The header's `kid` is not among the provider's keys, even after refetching the JWKS.
        package static let unknownKey = Code(.unknownKey)
        /// `exp` (plus leeway) has passed.
        package static let expired = Code(.expired)
        /// `iat` (minus leeway) is in the future.
        package static let issuedInFuture = Code(.issuedInFuture)
        /// `nbf` (minus leeway) is in the future.
        package static let notYetValid = Code(.notYetValid)
        /// `iss` is not the configured issuer.
        package static let invalidIssuer = Code(.invalidIssuer)
        /// `aud` does not contain the client ID.
        package static let invalidAudience = Code(.invalidAudience)
        /// `aud` has several audiences and `azp` is not the client ID.
        package static let invalidAuthorizedParty = Code(.invalidAuthorizedParty)
        /// `nonce` is absent or differs from the one sent in the authorization request.
        package static let nonceMismatch = Code(.nonceMismatch)
        /// A required claim (`iss`, `aud`, `sub`, `exp`, `iat`) is absent.
        package static let missingClaim = Code(.missingClaim)
        /// A claim has the wrong type or value.
        package static let invalidClaim = Code(.invalidClaim)

        /// The code's name, such as `nonceMismatch`.
        package var description: String { base.rawValue }
    }

    /// The kind of failure.
    package var code: Code
    /// A fixed reason, free of secrets.
    package var reason: String
    /// The error that caused this one (an `HTTPClientError`, a `JWTError`), if any.
    package var underlying: (any Error)?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - reason: A fixed reason that contains no secret.
    ///   - underlying: The causing error, if any.
    package init(_ code: Code, reason: String, underlying: (any Error)? = nil) {
        self.code = code
        self.reason = reason
        self.underlying = underlying
    }

    /// Whether the failure is the provider's (unreachable, or a response we cannot use) rather than the
    /// token's or the code's: callers answer it with 502.
    package var isProviderFailure: Bool {
        code == .providerUnavailable || code == .invalidProviderResponse
    }

    /// `OpenIDConnectError.<code>: <reason>`; safe to log.
    package var description: String {
        guard let underlying else { return "OpenIDConnectError.\(code): \(reason)" }
        return "OpenIDConnectError.\(code): \(reason) (\(underlying))"
    }
}
