/// The claims of a verified ID token that sign-in uses.
package struct IDTokenClaims: Sendable, Hashable {
    /// `sub`: the provider's stable user ID.
    package var subject: String
    /// `email`, if the `email` scope was granted.
    package var email: String?
    /// `email_verified`; `false` when absent. Accepts a JSON boolean or the strings `"true"`/`"false"`.
    package var emailVerified: Bool
    /// `name`, if the `profile` scope was granted.
    package var name: String?
    /// `iss`, one of the accepted issuers.
    package var issuer: String
    /// `exp`, seconds since the Unix epoch.
    package var expiresAt: Int64

    /// Creates claims.
    package init(
        subject: String,
        email: String?,
        emailVerified: Bool,
        name: String?,
        issuer: String,
        expiresAt: Int64
    ) {
        self.subject = subject
        self.email = email
        self.emailVerified = emailVerified
        self.name = name
        self.issuer = issuer
        self.expiresAt = expiresAt
    }
}
