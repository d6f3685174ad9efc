import AuthService
import TestSupport
import Testing

@Suite(.enabled(if: PostgresTestEnvironment.isEnabled, "needs PostgreSQL: scripts/with-postgres.sh swift test"))
struct AuthSchemaTests {
    @Test func firstMigrationCreatesTheServicesOwnClosedSchema() async throws {
        try await LiveService.withService(name: "auth", database: true, build: AuthService.make) { auth in
            try await SchemaAssertions.expectOwnedSchema("auth", postgres: try #require(auth.postgres))
        }
    }
}
