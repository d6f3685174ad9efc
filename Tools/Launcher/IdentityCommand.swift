package import ConfigKit
import Glibc
import ServiceIdentity

/// `paylinks identity <service> [user-id] [role]`: a fresh assertion signed with `PAYLINKS_INTERNAL_KEY`
/// (valid for ``IdentityAssertion/lifetime`` seconds), to send as `X-PayLinks-Identity` straight to a service.
package enum IdentityCommand {
    /// The assertion for `arguments` (`<service> [user-id] [role]`), signed with `PAYLINKS_INTERNAL_KEY`.
    ///
    /// - Throws: ``ConfigError`` when the key is missing or short, or the role is not an upper-case word.
    package static func assertion(arguments: [String], reader: ConfigReader) throws -> String {
        let platform = reader.scoped("PAYLINKS")
        let key = try platform.requiredString("INTERNAL_KEY", secret: true)
        guard let keys = InternalKeys(current: key) else {
            throw ConfigError(key: "PAYLINKS_INTERNAL_KEY", problem: "must be at least 32 bytes")
        }
        let userID = arguments.count > 1 ? arguments[1] : nil
        let role = arguments.count > 2 ? CallerIdentity.Role(rawValue: arguments[2]) : .user
        guard let role else { throw ConfigError(key: "role", problem: "must be an upper-case word such as USER") }
        let assertion = IdentityAssertion(
            identity: CallerIdentity(userID: userID, role: role),
            audience: arguments[0],
            requestID: "cli",
            expiresAt: Int64(time(nil)) + IdentityAssertion.lifetime
        )
        return assertion.encoded(with: keys)
    }
}
