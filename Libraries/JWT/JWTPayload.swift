/// The claims of a token: `Codable` for the JSON, plus what the verifier needs to check them.
///
/// Verification decodes the payload only after the signature has been checked, then always checks
/// ``timeClaims`` (so no payload type can forget `exp`), then calls ``verifyClaims(now:)`` for checks of its
/// own. A decoding failure becomes ``JWTError`` `missingClaim` (absent key) or `invalidClaim` (wrong type or
/// value), with the claim's name.
///
/// ```swift
/// struct GoogleIDToken: JWTPayload {
///     var iss: IssuerClaim
///     var aud: AudienceClaim
///     var sub: SubjectClaim
///     var exp: ExpirationClaim
///     var iat: IssuedAtClaim
///     var email: String?
///
///     var timeClaims: JWTTimeClaims { JWTTimeClaims(expiration: exp, issuedAt: iat) }
/// }
/// ```
package protocol JWTPayload: Codable, Sendable {
    /// The payload's `exp`, `nbf` and `iat`, checked by every verifier.
    var timeClaims: JWTTimeClaims { get }

    /// Checks claims specific to this payload type, after the signature and the time claims passed.
    ///
    /// The default implementation accepts everything.
    ///
    /// - Parameter now: The verification time in seconds since the Unix epoch.
    /// - Throws: ``JWTError``, usually `invalidClaim` with the claim's name.
    func verifyClaims(now: Int64) throws(JWTError)
}

extension JWTPayload {
    /// Accepts every payload; override to add checks.
    package func verifyClaims(now: Int64) throws(JWTError) {}
}
