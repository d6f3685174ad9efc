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
