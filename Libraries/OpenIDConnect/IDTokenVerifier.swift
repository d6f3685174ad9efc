import Cryptography
package import Foundation
package import JWT

/// Verifies an ID token against a key set, without any I/O: RS256 signature, `iss`, `aud`/`azp`, `exp`,
/// `iat`, `nbf` and, when expected, `nonce`.
///
/// The algorithm is pinned to RS256 (`none`, `HS256` and everything else fail with
/// ``OpenIDConnectError/Code/unsupportedAlgorithm``). A token with `kid` is checked with that key only; a
/// token without `kid` is accepted if any key of the set signed it.
///
/// ```swift
/// let verifier = IDTokenVerifier(configuration: configuration)
/// let claims = try verifier.verify(idToken, keys: keySet, nonce: storedNonce, now: Date())
/// ```
///
/// A `Sendable` value; one verification costs one RSA operation per key tried (tens of microseconds).
package struct IDTokenVerifier: Sendable {
    /// The longest ID token accepted, in bytes (Google's are about 1 KiB).
    package static let maximumTokenLength = 16384

    /// The `iss` values accepted.
    package var acceptedIssuers: [String]
    /// Our client ID, required in `aud`.
    package var clientID: String
    /// Clock skew tolerated, in seconds (0…300).
    package var leeway: Int64

    /// Creates a verifier from a provider configuration (issuers, client ID, leeway).
    package init(configuration: OpenIDProviderConfiguration) {
        self.init(
            acceptedIssuers: configuration.acceptedIssuers,
            clientID: configuration.clientID,
            leeway: configuration.leeway
        )
    }

    /// Creates a verifier.
    package init(acceptedIssuers: [String], clientID: String, leeway: Int64 = 60) {
        self.acceptedIssuers = acceptedIssuers
        self.clientID = clientID
        self.leeway = min(max(leeway, 0), JWTConfiguration.maximumLeeway)
    }

    /// Verifies `token` and returns its claims.
    ///
    /// - Parameters:
    ///   - token: The compact JWS (hostile input is fine).
    ///   - keys: The provider's current keys.
    ///   - nonce: The nonce sent in the authorization request; `nil` skips the nonce check (One Tap).
    ///   - now: The verification time.
    /// - Returns: The verified claims.
    /// - Throws: ``OpenIDConnectError`` with the code of the first failed check; `unknownKey` when `kid`
    ///   names a key the set does not have (the caller may refetch the keys and retry).
    package func verify(
        _ token: String,
        keys: JWKSet,
        nonce: String?,
        now: Date
    ) throws(OpenIDConnectError) -> IDTokenClaims {
        let seconds = Int64(now.timeIntervalSince1970.rounded(.down))
        let configuration = JWTConfiguration(leeway: leeway, maximumTokenLength: Self.maximumTokenLength)
        let payload: IDTokenPayload
        do {
            payload = try verifySignature(token, keys: keys, configuration: configuration, now: seconds)
        } catch {
            throw Self.translate(error)
        }
        guard acceptedIssuers.contains(payload.iss.value) else {
            throw OpenIDConnectError(.invalidIssuer, reason: "token comes from another issuer")
        }
        guard payload.aud.values.contains(clientID) else {
            throw OpenIDConnectError(.invalidAudience, reason: "token is for another client")
        }
        if payload.aud.values.count > 1, payload.azp != clientID {
            throw OpenIDConnectError(.invalidAuthorizedParty, reason: "azp is not our client ID")
        }
        if let nonce {
            guard let actual = payload.nonce, ConstantTime.equals(Array(actual.utf8), Array(nonce.utf8)) else {
                throw OpenIDConnectError(.nonceMismatch, reason: "nonce does not match the authorization request")
            }
        }
        guard !payload.sub.value.isEmpty else {
            throw OpenIDConnectError(.invalidClaim, reason: "sub is empty")
        }
        return IDTokenClaims(
            subject: payload.sub.value,
            email: payload.email,
            emailVerified: payload.emailVerified?.value ?? false,
            name: payload.name,
            issuer: payload.iss.value,
            expiresAt: payload.exp.value
        )
    }

    private func verifySignature(
        _ token: String,
        keys: JWKSet,
        configuration: JWTConfiguration,
        now: Int64
    ) throws(JWTError) -> IDTokenPayload {
        if let kid = Self.keyID(of: token) {
            guard keys.key(id: kid) != nil else {
                throw JWTError(.unknownKey, reason: "no key for the token's kid")
            }
            return try RS256Verifier(keySet: keys, configuration: configuration)
                .verify(token, as: IDTokenPayload.self, now: now)
        }
        // No kid: the signature decides which key, if any, made the token.
        var lastError = JWTError(.invalidSignature, reason: "no key verifies the signature")
        for key in keys.keys {
            let single = RS256Verifier(keySet: JWKSet(keys: [key]), configuration: configuration)
            do {
                return try single.verify(token, as: IDTokenPayload.self, now: now)
            } catch  where error.code == .invalidSignature {
                lastError = error
            }
        }
        throw lastError
    }

    /// The header's `kid`, or `nil` when absent or the header cannot be read (the verifier then reports why).
    private static func keyID(of token: String) -> String? {
        guard token.utf8.count <= maximumTokenLength, let dot = token.utf8.firstIndex(of: UInt8(ascii: ".")),
            let bytes = try? Base64URL.decode(String(token[..<dot])),
            let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
        else { return nil }
        return object["kid"] as? String
    }

    private static func translate(_ error: JWTError) -> OpenIDConnectError {
        let code: OpenIDConnectError.Code =
            switch error.code {
            case .malformed: .malformedToken
            case .unsupportedAlgorithm: .unsupportedAlgorithm
            case .invalidSignature, .invalidKey: .invalidSignature
            case .unknownKey: .unknownKey
            case .expired: .expired
            case .notYetValid: .notYetValid
            case .missingClaim: .missingClaim
            case .invalidClaim where error.claim == "iat": .issuedInFuture
            default: .invalidClaim
            }
        return OpenIDConnectError(code, reason: "ID token rejected", underlying: error)
    }
}
