import Cryptography
import HTTPCore
import HTTPRouter
import ServiceIdentity
import ServiceRuntime

/// What the auth routes share: the repository, the token issuer, the settings and the mailer.
struct AuthRouteContext: Sendable {
    let repository: AccountRepository
    let issuer: TokenIssuer
    let configuration: AuthConfiguration
    let redirects: RedirectPolicy
    let mailer: any MagicLinkMailer
    let accounts: AccountSignIn

    /// The body limit of the auth routes (small JSON objects only).
    static let bodyLimit = RouteOptions(maxBodyBytes: 16 * 1024)

    /// The signed-in user the request is made for.
    ///
    /// - Throws: 401 `UNAUTHORIZED` without a user identity, or when the user no longer exists.
    func currentUser(_ context: ServiceRequestContext) async throws -> UserRecord {
        guard let identity = context.identity, let userID = identity.userID,
            identity.role == .user || identity.role == .admin,
            let user = try await repository.user(id: userID)
        else { throw Self.unauthorized }
        return user
    }

    /// The seed's 401.
    static let unauthorized = HTTPError(.unauthorized, code: .unauthorized, message: "Unauthorized")

    /// The SHA-256 of a secret's UTF-8 text: what the database stores instead of magic tokens and key secrets.
    static func hash(_ secret: String) -> [UInt8] { SHA256.hash(Array(secret.utf8)) }
}
