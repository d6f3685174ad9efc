import MessagingService
import TestSupport
import Testing

@Suite(.enabled(if: PostgresTestEnvironment.isEnabled, "needs PostgreSQL: scripts/with-postgres.sh swift test"))
struct MessagingSchemaTests {
    @Test func firstMigrationCreatesTheServicesOwnClosedSchema() async throws {
        try await LiveService.withService(name: "messaging", database: true, build: MessagingService.make) { service in
            try await SchemaAssertions.expectOwnedSchema("messaging", postgres: try #require(service.postgres))
        }
    }

    @Test func unknownRoutesAre404WhileHealthAndReadinessStayOpen() async throws {
        try await LiveService.withService(name: "messaging", database: true, build: MessagingService.make) { service in
            let response = try await service.request("GET", "/api/v1/anything", as: nil)
            // No routes yet: the router's 404 comes before the group's middleware; health stays open.
            #expect(response.status == 404)
            #expect(
                try await service.request("GET", "/healthz", as: nil).bodyText
                    == #"{"service":"messaging","status":"ok"}"#
            )
            #expect(try await service.request("GET", "/readyz", as: nil).status == 200)
        }
    }
}
