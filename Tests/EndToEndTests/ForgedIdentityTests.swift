import Foundation
import ServiceIdentity
import TestSupport
import Testing

extension PlatformTests {
    /// An identity header sent from outside has no effect: the gateway strips it and asserts only what it
    /// authenticated itself.
    @Suite struct ForgedIdentityTests {
        @Test func anIdentityHeaderFromOutsideDoesNotAuthenticate() async throws {
            let platform = try await SharedPlatform.shared.running()
            let key = try #require(try await platform.localSecrets()["PAYLINKS_INTERNAL_KEY"])
            // Minted with the real internal key: valid if it ever reached auth unchanged.
            let forged = try Credentials.assertion(key: key, audience: "auth", userID: "intruder", role: .admin)
            let response = try await PlatformHTTP.get(
                platform.ports.gateway,
                "/api/v1/me",
                headers: [("X-PayLinks-Identity", forged)]
            )
            #expect(response.status == 401, "\(response.status) \(response.bodyText)")
            #expect(PlatformHTTP.errorCode(response) != nil, "\(response.bodyText)")
        }

        @Test func theTokenWinsOverAForgedIdentityHeader() async throws {
            let platform = try await SharedPlatform.shared.running()
            let secrets = try await platform.localSecrets()
            let key = try #require(secrets["PAYLINKS_INTERNAL_KEY"])
            let client = EdgeClient(port: platform.ports.gateway)
            let userA = try await APIAccount.signUp(
                email: "forged-a-\(UUID().uuidString.prefix(8))@paylinks.test",
                client: client
            )
            let userB = try await APIAccount.signUp(
                email: "forged-b-\(UUID().uuidString.prefix(8))@paylinks.test",
                client: client
            )
            let token = try Credentials.token(
                secret: try #require(secrets["PAYLINKS_JWT_SECRET"]),
                subject: userA.userID
            )
            SecretLedger.record(token)
            let forged = try Credentials.assertion(key: key, audience: "auth", userID: userB.userID, role: .admin)
            let response = try await PlatformHTTP.get(
                platform.ports.gateway,
                "/api/v1/me",
                headers: [("Authorization", "Bearer \(token)"), ("X-PayLinks-Identity", forged)]
            )
            #expect(response.status == 200, "\(response.status) \(response.bodyText)")
            #expect(PlatformHTTP.object(response)?["id"] as? String == userA.userID, "\(response.bodyText)")
            #expect(PlatformHTTP.object(response)?["role"] as? String == "USER", "\(response.bodyText)")
        }

        @Test func aTokenSignedWithAnotherSecretIsRefused() async throws {
            let platform = try await SharedPlatform.shared.running()
            let token = try Credentials.token(secret: String(repeating: "x", count: 64), subject: "user-a")
            let response = try await PlatformHTTP.get(
                platform.ports.gateway,
                "/api/v1/me",
                headers: [("Authorization", "Bearer \(token)")]
            )
            #expect(response.status == 401, "\(response.status) \(response.bodyText)")
        }
    }
}
