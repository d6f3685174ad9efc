/// The claims of a PayLinks access token, issued by `auth` and checked by the gateway on every request.
///
/// JSON: `{"sub":"<user id>","role":"USER"|"ADMIN","tv":<tokenVersion>,"iat":<seconds>,"exp":<seconds>}`.
/// All five are required. Bumping a user's token version (`tv`) invalidates every token issued before it; that
/// comparison is the gateway's job, since it needs the current version.
///
/// ```swift
/// let claims = PayLinksClaims(subject: user.id, role: .user, tokenVersion: user.tokenVersion,
///                             issuedAt: now, expiresAt: now + 7 * 86_400)
/// let token = try signer.sign(claims)
/// ```
package struct PayLinksClaims: JWTPayload, Hashable {
    /// What the user may do.
    package enum Role: String, Codable, Hashable, Sendable, CaseIterable {
        /// A seller.
        case user = "USER"
        /// An operator of the platform.
        case admin = "ADMIN"
    }

    /// The longest accepted `sub`, in UTF-8 bytes.
    package static let maximumSubjectLength = 255

    /// `sub`: the user ID.
    package var subject: SubjectClaim
    /// `role`.
    package var role: Role
    /// `tv`: the user's token version when the token was issued.
    package var tokenVersion: Int
    /// `iat`.
    package var issuedAt: IssuedAtClaim
    /// `exp`.
    package var expiration: ExpirationClaim

    private enum CodingKeys: String, CodingKey {
        case subject = "sub"
        case role
        case tokenVersion = "tv"
        case issuedAt = "iat"
        case expiration = "exp"
    }

    /// Creates the claims.
    ///
    /// - Parameters:
    ///   - subject: The user ID.
    ///   - role: The user's role.
    ///   - tokenVersion: The user's current token version.
    ///   - issuedAt: Issue time, seconds since the Unix epoch.
    ///   - expiresAt: Expiry time, seconds since the Unix epoch (7 days after `issuedAt` for sign-in tokens,
    ///     1 hour for API-key exchange).
    package init(subject: String, role: Role, tokenVersion: Int, issuedAt: Int64, expiresAt: Int64) {
        self.subject = SubjectClaim(value: subject)
        self.role = role
        self.tokenVersion = tokenVersion
        self.issuedAt = IssuedAtClaim(value: issuedAt)
        self.expiration = ExpirationClaim(value: expiresAt)
    }

    /// `exp` and `iat`; PayLinks tokens have no `nbf`.
    package var timeClaims: JWTTimeClaims {
        JWTTimeClaims(expiration: expiration, issuedAt: issuedAt)
    }

    /// Requires a non-empty `sub` of at most ``maximumSubjectLength`` bytes and a non-negative `tv`.
    package func verifyClaims(now: Int64) throws(JWTError) {
        guard !subject.value.isEmpty, subject.value.utf8.count <= Self.maximumSubjectLength else {
            throw JWTError(.invalidClaim, reason: "subject is empty or too long", claim: "sub")
        }
        guard tokenVersion >= 0 else {
            throw JWTError(.invalidClaim, reason: "token version is negative", claim: "tv")
        }
    }
}
