import Cryptography
package import Foundation

/// Verifies RS256 (RSASSA-PKCS1-v1_5 with SHA-256) tokens from another issuer, such as Google ID tokens.
///
/// ```swift
/// let verifier = RS256Verifier(keySet: googleKeys, configuration: JWTConfiguration(leeway: 60))
/// let token = try verifier.verify(idToken, as: GoogleIDToken.self, now: now)
/// try token.iss.verify(isOneOf: ["https://accounts.google.com", "accounts.google.com"])
/// try token.aud.verify(contains: clientID)
/// ```
///
/// The pipeline and error codes are those of ``JWTSigner/verify(_:as:now:)-(_,_,Int64)``, pinned to `RS256`:
/// `HS256` and everything else fail with `unsupportedAlgorithm`, so an HMAC made with the public key as secret
/// is never considered. The key is the one named by `kid`; a token without `kid` is accepted only when the set
/// holds a single key. This type verifies only; it cannot sign.
///
/// A `Sendable` value; verification costs tens of microseconds of CPU (one RSA-2048 operation) and never blocks.
package struct RS256Verifier: Sendable {
    /// The JWS `alg` this verifier accepts.
    package static let algorithm = "RS256"

    /// The issuer's keys.
    package let keySet: JWKSet
    /// Leeway and size limit.
    package let configuration: JWTConfiguration

    /// Creates a verifier.
    ///
    /// - Parameters:
    ///   - keySet: The issuer's current keys.
    ///   - configuration: Leeway and token size limit (default: no leeway, 8 KiB).
    package init(keySet: JWKSet, configuration: JWTConfiguration = JWTConfiguration()) {
        self.keySet = keySet
        self.configuration = configuration
    }

    /// Verifies `token` and returns its claims.
    ///
    /// - Parameters:
    ///   - token: The compact JWS; hostile input is fine.
    ///   - type: The payload type to decode.
    ///   - now: The verification time in seconds since the Unix epoch.
    /// - Returns: The verified claims.
    /// - Throws: ``JWTError``.
    package func verify<Payload: JWTPayload>(
        _ token: String,
        as type: Payload.Type = Payload.self,
        now: Int64
    ) throws(JWTError) -> Payload {
        try JWTVerification.verify(
            token,
            as: type,
            algorithm: Self.algorithm,
            configuration: configuration,
            now: now
        ) { header, signingInput, signature throws(JWTError) in
            let key = header.keyID.map { keySet.key(id: $0) } ?? keySet.soleKey
            guard let key else { throw JWTError(.unknownKey, reason: "no key for the token's kid") }
            guard key.verifySHA256(signature, signs: signingInput) else {
                throw JWTError(.invalidSignature, reason: "signature does not match")
            }
        }
    }

    /// Verifies `token` at `now`; see ``verify(_:as:now:)-(_,_,Int64)``.
    ///
    /// - Parameters:
    ///   - token: The compact JWS.
    ///   - type: The payload type to decode.
    ///   - now: The verification time; sub-second parts are dropped.
    /// - Returns: The verified claims.
    /// - Throws: ``JWTError``.
    package func verify<Payload: JWTPayload>(
        _ token: String,
        as type: Payload.Type = Payload.self,
        now: Date
    ) throws(JWTError) -> Payload {
        try verify(token, as: type, now: Int64(now.timeIntervalSince1970.rounded(.down)))
    }
}
