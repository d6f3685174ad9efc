import Cryptography
package import Foundation

/// Signs and verifies PayLinks tokens: HS256 (HMAC-SHA256) only, with keys from a ``JWTKeyCollection``.
///
/// ```swift
/// let signer = JWTSigner(keys: keys, configuration: JWTConfiguration(leeway: 30))
/// let token = try signer.sign(PayLinksClaims(subject: id, role: .user, tokenVersion: 3,
///                                            issuedAt: now, expiresAt: now + 604_800))
/// let claims = try signer.verify(token, as: PayLinksClaims.self, now: now)
/// ```
///
/// Verification is pinned to `HS256`: `none`, `HS384`, `RS256` (including the RSA-public-key-as-HMAC-secret
/// confusion) and a missing `alg` all fail with `unsupportedAlgorithm` before any key is touched. The signature
/// is compared in constant time and checked before the payload is decoded. See ``JWTError/Code`` for the
/// outcome of every failure.
///
/// A `Sendable` value: use it from any thread. Signing or verifying takes a few microseconds of CPU and never
/// blocks, so it runs inline on the event loop or in a request task.
package struct JWTSigner: Sendable {
    /// The JWS `alg` this signer produces and accepts.
    package static let algorithm = "HS256"

    /// Shared by every signer: `JSONEncoder` is `Sendable` and keeps no state between calls once configured.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// The keys.
    package let keys: JWTKeyCollection
    /// Leeway and size limit.
    package let configuration: JWTConfiguration

    /// Creates a signer.
    ///
    /// - Parameters:
    ///   - keys: The signing key and any verification keys.
    ///   - configuration: Leeway and token size limit (default: no leeway, 8 KiB).
    package init(keys: JWTKeyCollection, configuration: JWTConfiguration = JWTConfiguration()) {
        self.keys = keys
        self.configuration = configuration
    }

    /// Signs `payload` with the signing key.
    ///
    /// The header is `{"alg":"HS256","kid":…,"typ":"JWT"}` (no `kid` if the signing key has none); the payload
    /// JSON has sorted keys.
    ///
    /// - Parameter payload: The claims.
    /// - Returns: The compact JWS, `header.payload.signature`.
    /// - Throws: ``JWTError`` with code `invalidClaim` if the payload cannot be encoded or the token would exceed
    ///   ``JWTConfiguration/maximumTokenLength`` (and so could never be verified).
    package func sign(_ payload: some JWTPayload) throws(JWTError) -> String {
        let json: Data
        do {
            json = try Self.encoder.encode(payload)
        } catch {
            throw JWTError(.invalidClaim, reason: "payload could not be encoded", underlying: error)
        }
        let key = keys.signingKey
        let signingInput = key.encodedHeader + "." + Base64URL.encode(json)
        let token = signingInput + "." + Base64URL.encode(key.hmac.authenticationCode(for: signingInput.utf8))
        guard token.utf8.count <= configuration.maximumTokenLength else {
            throw JWTError(.invalidClaim, reason: "signed token would exceed the maximum token length")
        }
        return token
    }

    /// Verifies `token` and returns its claims.
    ///
    /// In order: length ≤ ``JWTConfiguration/maximumTokenLength`` and exactly three non-empty segments
    /// (`malformed`); header strict Base64URL + JSON object (`malformed`); `alg == "HS256"`
    /// (`unsupportedAlgorithm`); `typ`, if present, `JWT` and no `crit` (`malformed`); key by `kid`, or the signing
    /// key without one (`unknownKey`); HMAC compared in constant time (`invalidSignature`); then payload decode
    /// (`malformed`, `missingClaim`, `invalidClaim`); `exp`/`nbf`/`iat` (`expired`, `notYetValid`,
    /// `invalidClaim`); then ``JWTPayload/verifyClaims(now:)``.
    ///
    /// - Parameters:
    ///   - token: The compact JWS from the client; hostile input is fine.
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
            guard let key = keys.key(for: header.keyID) else {
                throw JWTError(.unknownKey, reason: "no key for the token's kid")
            }
            guard key.hmac.isValidAuthenticationCode(signature, for: signingInput) else {
                throw JWTError(.invalidSignature, reason: "signature does not match")
            }
        }
    }

    /// Verifies `token` at `now` and returns its claims; see ``verify(_:as:now:)-(_,_,Int64)``.
    ///
    /// - Parameters:
    ///   - token: The compact JWS from the client.
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
