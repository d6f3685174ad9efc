import Foundation
import Launcher
import Testing

@Suite struct LocalSecretsTests {
    @Test func generatesOnceAndReadsTheSameValueBackWithPrivatePermissions() throws {
        let path = NSTemporaryDirectory() + "/paylinks-secrets-\(UInt64.random(in: 0...UInt64.max)).env"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var secrets = try LocalSecrets(path: path)
        let first = try secrets.value(for: "A_PASSWORD")
        let second = try secrets.value(for: "B_PASSWORD")
        #expect(first.count == 64 && first.allSatisfy(\.isHexDigit))
        #expect(first != second)
        var reloaded = try LocalSecrets(path: path)
        #expect(try reloaded.value(for: "A_PASSWORD") == first)
        #expect(try reloaded.value(for: "B_PASSWORD") == second)
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }

    @Test func aPrefixedSecretKeepsItsPrefixAndIsReusedAsIs() throws {
        let path = NSTemporaryDirectory() + "/paylinks-secrets-\(UInt64.random(in: 0...UInt64.max)).env"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var secrets = try LocalSecrets(path: path)
        let webhook = try secrets.value(for: "STRIPE_SANDBOX_WEBHOOK_SECRET", prefix: "whsec_")
        #expect(webhook.hasPrefix("whsec_") && webhook.dropFirst(6).count == 64)
        #expect(webhook.dropFirst(6).allSatisfy { $0.isHexDigit })
        var reloaded = try LocalSecrets(path: path)
        #expect(try reloaded.value(for: "STRIPE_SANDBOX_WEBHOOK_SECRET", prefix: "whsec_") == webhook)
    }
}
