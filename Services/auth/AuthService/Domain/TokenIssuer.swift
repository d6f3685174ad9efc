import Foundation
import JWT

/// Issues PayLinks access tokens (contract C3): HS256, claims `sub`, `role`, `tv`, `iat`, `exp`.
struct TokenIssuer: Sendable {
    /// Sign-in tokens (magic link, Google): 7 days.
    static let signInLifetime: Int64 = 7 * 86_400
    /// API key exchange and signup tokens: 1 hour.
    static let apiLifetime: Int64 = 3_600

    let signer: JWTSigner

    /// Creates an issuer with the shared secret.
    init(secret: String) throws {
        signer = JWTSigner(keys: try JWTKeyCollection(signingSecret: Array(secret.utf8)))
    }

    /// A token for `user` valid `lifetime` seconds from now.
    func token(for user: UserRecord, lifetime: Int64, now: Date = Date()) throws -> String {
        let issuedAt = Int64(now.timeIntervalSince1970.rounded(.down))
        let claims = PayLinksClaims(
            subject: user.id,
            role: user.role == .admin ? .admin : .user,
            tokenVersion: user.tokenVersion,
            issuedAt: issuedAt,
            expiresAt: issuedAt + lifetime
        )
        return try signer.sign(claims)
    }
}
