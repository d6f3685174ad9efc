import AuthService
import TestSupport
import Testing

@Suite(.enabled(if: PostgresTestEnvironment.isEnabled, "needs PostgreSQL: scripts/with-postgres.sh swift test"))
struct AuthSchemaTests {
    @Test func firstMigrationCreatesTheServicesOwnClosedSchema() async throws {
        try await AuthFixture.run { fixture in
            try await SchemaAssertions.expectOwnedSchema("auth", postgres: try #require(fixture.auth.postgres))
        }
    }

    @Test func refusesToStartWithoutAJWTSecret() async throws {
        await #expect(throws: (any Error).self) {
            try await AuthFixture.run(settings: ["PAYLINKS_JWT_SECRET": "too-short"]) { _ in }
        }
    }
}
