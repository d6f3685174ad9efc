/// The registered time claims of a payload, which every verifier checks the same way.
///
/// With `now` the verification time and `leeway` the configured clock skew allowance, a token is accepted only if
/// `now < exp + leeway`, `nbf - leeway <= now` (when present) and `iat <= now + leeway`, `iat <= exp` (when
/// present). `exp` is not optional: we accept no token that never expires.
package struct JWTTimeClaims: Hashable, Sendable {
    /// `exp`: required.
    package var expiration: ExpirationClaim
    /// `nbf`, if the payload has one.
    package var notBefore: NotBeforeClaim?
    /// `iat`, if the payload has one.
    package var issuedAt: IssuedAtClaim?

    /// Collects the time claims of a payload.
    ///
    /// - Parameters:
    ///   - expiration: The `exp` claim.
    ///   - notBefore: The `nbf` claim, if any.
    ///   - issuedAt: The `iat` claim, if any.
    package init(expiration: ExpirationClaim, notBefore: NotBeforeClaim? = nil, issuedAt: IssuedAtClaim? = nil) {
        self.expiration = expiration
        self.notBefore = notBefore
        self.issuedAt = issuedAt
    }

    /// Checks the claims at `now`.
    ///
    /// - Parameters:
    ///   - now: The verification time in seconds since the Unix epoch.
    ///   - leeway: Allowed clock skew in seconds, at least 0.
    /// - Throws: ``JWTError`` with code `expired`, `notYetValid` or `invalidClaim` (`iat`).
    package func verify(now: Int64, leeway: Int64) throws(JWTError) {
        precondition(leeway >= 0, "negative JWT leeway")
        // Saturating arithmetic: `now` comes from the caller and the claims are bounded, but nothing here may trap.
        let difference = now.subtractingReportingOverflow(leeway)
        let latest = difference.overflow ? Int64.min : difference.partialValue
        let sum = now.addingReportingOverflow(leeway)
        let earliest = sum.overflow ? Int64.max : sum.partialValue
        guard latest < expiration.value else {
            throw JWTError(.expired, reason: "token has expired", claim: "exp")
        }
        if let notBefore, notBefore.value > earliest {
            throw JWTError(.notYetValid, reason: "token is not valid yet", claim: "nbf")
        }
        if let issuedAt {
            guard issuedAt.value <= earliest else {
                throw JWTError(.invalidClaim, reason: "token was issued in the future", claim: "iat")
            }
            guard issuedAt.value <= expiration.value else {
                throw JWTError(.invalidClaim, reason: "token was issued after it expires", claim: "iat")
            }
        }
    }
}
