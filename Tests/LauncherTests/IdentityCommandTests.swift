import ConfigKit
import Glibc
import Launcher
import ServiceIdentity
import Testing

@Suite struct IdentityCommandTests {
    private let key = String(repeating: "q", count: 40)

    @Test func mintsAnAssertionTheServiceAccepts() throws {
        let reader = ConfigReader(values: ["PAYLINKS_INTERNAL_KEY": key])
        let header = try IdentityCommand.assertion(arguments: ["catalog", "seller-7", "ADMIN"], reader: reader)
        let verified = try IdentityAssertion.verify(
            header,
            keys: try #require(InternalKeys(current: key)),
            audience: "catalog",
            now: Int64(time(nil))
        )
        #expect(verified.identity == CallerIdentity(userID: "seller-7", role: .admin))
        let anonymous = try IdentityCommand.assertion(arguments: ["auth"], reader: reader)
        #expect(anonymous.contains("role=ANONYMOUS"))
    }

    @Test func refusesAMissingOrShortKeyAndABadRole() {
        #expect(throws: ConfigError.self) {
            try IdentityCommand.assertion(arguments: ["catalog"], reader: ConfigReader(values: [:]))
        }
        #expect(throws: ConfigError.self) {
            try IdentityCommand.assertion(
                arguments: ["catalog"],
                reader: ConfigReader(values: ["PAYLINKS_INTERNAL_KEY": "short"])
            )
        }
        #expect(throws: ConfigError.self) {
            try IdentityCommand.assertion(
                arguments: ["catalog", "u", "admin"],
                reader: ConfigReader(values: ["PAYLINKS_INTERNAL_KEY": key])
            )
        }
    }
}
