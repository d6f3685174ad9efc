import AuthService
import Foundation
import ServiceIdentity
import TestSupport
import Testing

@Suite(.enabled(if: PostgresTestEnvironment.isEnabled, "needs PostgreSQL: scripts/with-postgres.sh swift test"))
struct MeRoutesTests {
    @Test func answersTheAssertedCallerAndRefusesEveryoneElse() async throws {
        try await LiveService.withService(name: "auth", database: true, build: AuthService.make) { auth in
            let seller = try await auth.request(
                "GET",
                "/api/v1/me",
                as: CallerIdentity(userID: "01937a7e-0000-7000-8000-000000000001", role: .user)
            )
            #expect(seller.status == 200)
            #expect(seller.bodyText == #"{"id":"01937a7e-0000-7000-8000-000000000001","role":"USER"}"#)
            let admin = try await auth.request("GET", "/api/v1/me", as: CallerIdentity(userID: "a1", role: .admin))
            #expect(admin.bodyText == #"{"id":"a1","role":"ADMIN"}"#)

            let anonymous = try await auth.request("GET", "/api/v1/me", as: .anonymous)
            #expect(anonymous.status == 401)
            #expect(anonymous.bodyText == #"{"error":{"message":"Unauthorized","code":"UNAUTHORIZED"}}"#)
            let direct = try await auth.request("GET", "/api/v1/me", as: nil)
            #expect(direct.status == 401)
            let tampered = auth.assertion(for: CallerIdentity(userID: "u1", role: .user))
                .replacingOccurrences(of: "role=USER", with: "role=ADMIN")
            let forged = try await auth.request(
                "GET",
                "/api/v1/me",
                as: nil,
                headers: [("X-PayLinks-Identity", tampered)]
            )
            #expect(forged.status == 401)
        }
    }
}
