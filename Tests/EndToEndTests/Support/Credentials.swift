import Glibc
import JWT
import ServiceIdentity
import Testing

/// Mints what the platform authenticates: identity assertions (as the gateway sends them to services) and
/// access tokens (as `auth` issues them to clients).
enum Credentials {
    /// An `X-PayLinks-Identity` value signed with `key`.
    static func assertion(
        key: String,
        audience: String,
        userID: String? = "u1",
        role: CallerIdentity.Role = .user,
        expiresIn seconds: Int64 = 60
    ) throws -> String {
        let keys = try #require(InternalKeys(current: key), "internal key too short")
        let assertion = IdentityAssertion(
            identity: CallerIdentity(userID: userID, role: role),
            audience: audience,
            requestID: "e2e",
            expiresAt: Int64(time(nil)) + seconds
        )
        return assertion.encoded(with: keys)
    }

    /// An HS256 access token for `subject`, signed with `secret`, valid for an hour.
    static func token(secret: String, subject: String, role: PayLinksClaims.Role = .user) throws -> String {
        let signer = JWTSigner(keys: try JWTKeyCollection(signingSecret: Array(secret.utf8)))
        let now = Int64(time(nil))
        return try signer.sign(
            PayLinksClaims(subject: subject, role: role, tokenVersion: 0, issuedAt: now, expiresAt: now + 3600)
        )
    }
}
