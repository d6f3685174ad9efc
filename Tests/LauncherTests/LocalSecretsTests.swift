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
}
