import Postgres

/// What every sign-in flow (magic link, Google code flow, Google One Tap) needs from the accounts store:
/// turn a verified email into a user and a 7-day token.
///
/// Implemented by the accounts store (users table); the Google routes call it once the ID token is verified.
protocol SignInAccounts: Sendable {
    /// Finds the user with `email` (compared case-insensitively after trimming) or creates one, records the
    /// sign-in, and issues a 7-day access token (DESIGN §6).
    ///
    /// - Parameters:
    ///   - email: An email address the identity provider has verified (callers check `email_verified`).
    ///   - displayName: A name to start a new account with, if the provider gave one.
    ///   - method: How the user proved the address.
    /// - Returns: the token, whether onboarding is still to be done, and the user as the seed shows it.
    func signIn(verifiedEmail email: String, displayName: String?, method: SignInMethod) async throws -> SignInResult
}

/// How a user proved they own their email address.
enum SignInMethod: String, Sendable {
    case magicLink = "magic_link"
    case google
}

/// The answer of a successful sign-in, as `GET /auth/google/callback` shows it:
/// `{"token":"…","needsOnboarding":false,"user":{"id":"…","email":"…","role":"USER"}}`.
struct SignInResult: Sendable, Encodable {
    struct User: Sendable, Encodable {
        /// Lowercase UUIDv7 text.
        var id: String
        var email: String
        /// `USER` or `ADMIN`.
        var role: String
    }

    var token: String
    var needsOnboarding: Bool
    var user: User
}

/// ``SignInAccounts`` on the `auth` schema: every verified sign-in (magic link, Google) goes through it.
///
/// The role is taken from `AUTH_ADMIN_EMAILS` at every sign-in, so removing an address from the list demotes
/// it at its next sign-in.
struct AccountSignIn: SignInAccounts {
    let repository: AccountRepository
    let issuer: TokenIssuer
    let configuration: AuthConfiguration

    func signIn(verifiedEmail email: String, displayName: String?, method: SignInMethod) async throws -> SignInResult {
        let email = try AccountValidation.email(email)
        let name = displayName.flatMap { try? AccountValidation.name($0) }
        let role = configuration.role(forEmail: email)
        let user = try await repository.postgres.withTransaction { tx in
            try await repository.signIn(on: tx, email: email, displayName: name, role: role)
        }
        return try result(for: user)
    }

    /// The sign-in answer for a user who just proved their address.
    func result(for user: UserRecord) throws -> SignInResult {
        SignInResult(
            token: try issuer.token(for: user, lifetime: TokenIssuer.signInLifetime),
            needsOnboarding: user.needsOnboarding,
            user: SignInResult.User(id: user.id, email: user.email, role: user.role.rawValue)
        )
    }
}
