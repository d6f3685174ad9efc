import HTTPRouter
import LogKit
import Postgres
import ServiceRuntime
import TestSupport
import Testing

@Suite(.enabled(if: PostgresTestEnvironment.isEnabled, "needs PostgreSQL: scripts/with-postgres.sh swift test"))
struct ServiceRuntimeTests {
    private struct Secret: Error, CustomStringConvertible {
        var description: String { "password=hunter2 in SELECT internals" }
    }

    private let logger = Logger(label: "runtime-test", level: .critical)

    private static func url(_ configuration: PostgresClient.Configuration, port: Int? = nil) -> String {
        let password = configuration.password.map { ":\($0)" } ?? ""
        return "postgres://\(configuration.user)\(password)@\(configuration.host):\(port ?? configuration.port)/"
            + (configuration.database ?? "postgres")
    }

    private static func migrations(sql: String) throws -> PostgresMigrations {
        try PostgresMigrations(schema: "svc", migrations: [Migration(version: 1, name: "things", sql: sql)])
    }

    /// Runs a service until `body` returns, then cancels it and waits for it to stop.
    private func withService(
        databaseURL: String?,
        migrations: PostgresMigrations?,
        _ body: (Int) async throws -> Void
    ) async throws {
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        let configuration = ServiceConfiguration(name: "svc", databaseURL: databaseURL, databasePoolSize: 2)
        let service = Task { [logger] in
            try await ServiceRuntime.run(
                configuration: configuration,
                logger: logger,
                signals: [],
                onListening: { sink.yield($0) }
            ) { environment in
                let router = environment.makeRouter(context: BasicRequestContext.self)
                router.get("/boom") { _, _ -> String in throw Secret() }
                return ServiceApplication(router: router, migrations: migrations)
            }
        }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        try await body(port)
        service.cancel()
        _ = await service.result
    }

    private func get(_ port: Int, _ target: String) async throws -> HTTPTestResponse {
        let client = try await HTTPTestClient.connect(port: port)
        defer { Task { await client.close() } }
        try await client.send(HTTPTestClient.request("GET", target))
        return try await client.readResponse()
    }

    @Test func servesHealthReadinessMetricsAndHidesInternalErrors() async throws {
        try await PostgresTestDatabase.withDatabase { database in
            try await withService(
                databaseURL: Self.url(database.configuration),
                migrations: try Self.migrations(sql: "CREATE TABLE svc.things (id int)")
            ) { port in
                let health = try await get(port, "/healthz")
                #expect(health.status == 200)
                #expect(health.bodyText == #"{"service":"svc","status":"ok"}"#)
                #expect(health.header("X-Request-Id")?.isEmpty == false)

                let ready = try await get(port, "/readyz")
                #expect(ready.status == 200)
                #expect(ready.bodyText == #"{"checks":{"database":"ok"},"service":"svc","status":"ready"}"#)

                let boom = try await get(port, "/boom")
                #expect(boom.status == 500)
                #expect(boom.bodyText == #"{"error":{"message":"Internal server error","code":"INTERNAL_ERROR"}}"#)

                let metrics = try await get(port, "/metrics")
                #expect(metrics.status == 200)
                #expect(
                    metrics.bodyText.contains(#"http_requests_total{method="GET",route="/healthz",status="200"} 1"#)
                )
                #expect(metrics.bodyText.contains(#"http_requests_total{method="GET",route="/boom",status="500"} 1"#))
                #expect(metrics.bodyText.contains("http_request_duration_seconds_bucket"))
            }
        }
    }

    @Test func readinessFailsWith503WhenTheDatabaseIsUnreachable() async throws {
        let configuration = try PostgresTestEnvironment.configuration()
        // Port 1 on loopback: nothing listens there, so connections are refused at once.
        try await withService(databaseURL: Self.url(configuration, port: 1), migrations: nil) { port in
            let ready = try await get(port, "/readyz")
            #expect(ready.status == 503)
            #expect(ready.bodyText.contains(#""code":"NOT_READY""#))
            #expect(ready.bodyText.contains(#""status":"unavailable""#))
            let health = try await get(port, "/healthz")
            #expect(health.status == 200)
        }
    }

    @Test func aChangedAppliedMigrationStopsStartUp() async throws {
        try await PostgresTestDatabase.withDatabase { database in
            let url = Self.url(database.configuration)
            try await withService(databaseURL: url, migrations: try Self.migrations(sql: "CREATE TABLE svc.a (id int)"))
            { port in
                let health = try await get(port, "/healthz")
                #expect(health.status == 200)
            }
            let error = await #expect(throws: (any Error).self) {
                try await ServiceRuntime.run(
                    configuration: ServiceConfiguration(name: "svc", databaseURL: url),
                    logger: logger,
                    signals: []
                ) { environment in
                    ServiceApplication(
                        router: environment.makeRouter(context: BasicRequestContext.self),
                        migrations: try Self.migrations(sql: "CREATE TABLE svc.b (id int)")
                    )
                }
            }
            #expect("\(error.map { "\($0)" } ?? "")".contains("checksum"))
        }
    }
}
