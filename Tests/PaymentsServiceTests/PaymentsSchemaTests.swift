import PaymentsService
import TestSupport
import Testing

@Suite(.enabled(if: PostgresTestEnvironment.isEnabled, "needs PostgreSQL: scripts/with-postgres.sh swift test"))
struct PaymentsSchemaTests {
    @Test func firstMigrationCreatesTheServicesOwnClosedSchema() async throws {
        try await LiveService.withService(name: "payments", database: true, build: PaymentsService.make) { service in
            try await SchemaAssertions.expectOwnedSchema("payments", postgres: try #require(service.postgres))
        }
    }

    @Test func unknownRoutesAre404WhileHealthAndReadinessStayOpen() async throws {
        try await LiveService.withService(name: "payments", database: true, build: PaymentsService.make) { service in
            let response = try await service.request("GET", "/api/v1/anything", as: nil)
            // No routes yet: the router's 404 comes before the group's middleware; health stays open.
            #expect(response.status == 404)
            #expect(
                try await service.request("GET", "/healthz", as: nil).bodyText
                    == #"{"service":"payments","status":"ok"}"#
            )
            #expect(try await service.request("GET", "/readyz", as: nil).status == 200)
        }
    }
}
