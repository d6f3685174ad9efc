import Foundation
import JWT
import ServiceIdentity
import TestSupport
import Testing

/// Review: programmatic signup does not prove the address, so whoever signs up first with someone else's
/// email must lose the account once its owner proves the address (magic link, Google).
@Suite(
    .serialized,
    .enabled(if: PostgresTestEnvironment.isEnabled, "needs PostgreSQL: scripts/with-postgres.sh swift test")
)
struct ReviewAccountTakeoverTests {
    private static func exchange(_ fixture: AuthFixture, keyID: String, secret: String) async throws -> HTTPTestResponse
    {
        try await fixture.send(
            "POST",
            "/api/v1/auth/api/token",
            json: #"{"keyId":"\#(keyID)","keySecret":"\#(secret)"}"#
        )
    }

    /// An attacker signs up with an address listed in `AUTH_ADMIN_EMAILS`; its owner later signs in and
    /// becomes ADMIN. The attacker's key from before must not mint (ADMIN) tokens for that account.
    @Test func aKeyFromAnUnprovenSignupDiesWhenTheOwnerProvesTheAddress() async throws {
        try await AuthFixture.run(settings: ["AUTH_ADMIN_EMAILS": "ops@example.com"]) { fixture in
            let squatter = try await fixture.signUp("ops@example.com")
            #expect(try await Self.exchange(fixture, keyID: squatter.keyID, secret: squatter.secret).status == 200)

            let owner = try await fixture.signIn("ops@example.com")
            #expect(owner.userID == squatter.userID)
            let claims = try AuthFixture.verify(owner.token)
            #expect(claims.role == .admin)

            let stolen = try await Self.exchange(fixture, keyID: squatter.keyID, secret: squatter.secret)
            #expect(stolen.status == 401, "\(stolen.bodyText)")
            #expect(errorCode(stolen) == "INVALID_CREDENTIALS")
            // Tokens minted before the proof are retired too (the gateway checks tv).
            let state = try await fixture.send(
                "GET",
                "/api/v1/internal/sessions/\(owner.userID)",
                as: .service("gateway")
            )
            #expect(try json(state)["tokenVersion"] as? Int == claims.tokenVersion)
            #expect(claims.tokenVersion >= 1)
        }
    }

    @Test func anOrdinaryAddressIsReclaimedTooButLaterKeysSurviveLaterSignIns() async throws {
        try await AuthFixture.run { fixture in
            let squatter = try await fixture.signUp("victim@example.com")
            let owner = try await fixture.signIn("victim@example.com")
            #expect(owner.userID == squatter.userID)
            let stolen = try await Self.exchange(fixture, keyID: squatter.keyID, secret: squatter.secret)
            #expect(stolen.status == 401, "\(stolen.bodyText)")

            // A key the proven owner creates survives the next sign-in, and so do their tokens.
            let created = try await fixture.send(
                "POST",
                "/api/v1/auth/api-keys",
                json: #"{"name":"Mine"}"#,
                as: AuthFixture.user(owner.userID)
            )
            #expect(created.status == 201, "\(created.bodyText)")
            let keyID = try #require(try json(created)["keyId"] as? String)
            let secret = try #require(try json(created)["keySecret"] as? String)
            let again = try await fixture.signIn("victim@example.com")
            #expect(try AuthFixture.verify(again.token).tokenVersion == AuthFixture.verify(owner.token).tokenVersion)
            #expect(try await Self.exchange(fixture, keyID: keyID, secret: secret).status == 200)
        }
    }
}
