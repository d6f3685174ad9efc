import Postgres
import TestSupport
import Testing

/// The client's lifecycle as a service.
@Suite(.enabled(if: PostgresTestEnvironment.isEnabled, "needs PostgreSQL: scripts/with-postgres.sh swift test"))
struct PostgresClientTests {
    static func serverConnections(_ application: String, observer: PostgresClient) async throws -> Int {
        try await observer.query("SELECT count(*) FROM pg_stat_activity WHERE application_name = \(application)")
            .decode(Int.self)[0]
    }

    @Test func gracefulShutdownLetsLeasedWorkFinishThenClosesEverything() async throws {
        try await PostgresTestDatabase.withClient { observer in
            let application = PostgresTestDatabase.uniqueName(prefix: "shutdown")
            var configuration = observer.configuration
            configuration.applicationName = application
            let client = PostgresClient(configuration: configuration, logger: PostgresTestDatabase.logger)
            let runner = Task { try await client.run() }
            _ = try await client.query("SELECT 1")  // one idle connection

            let started = AsyncStream.makeStream(of: Void.self)
            let work = Task {
                try await client.withConnection { connection in
                    started.continuation.yield()
                    return try await connection.query("SELECT 'done' FROM pg_sleep(0.3)").decode(String.self)
                }
            }
            for await _ in started.stream { break }
            client.shutdown()
            let refused = await #expect(throws: PostgresError.self) { _ = try await client.query("SELECT 1") }
            #expect(refused?.code == .poolShutdown)

            let result = try await work.value
            #expect(result == ["done"])
            try await withTimeout(seconds: 5) { try await runner.value }
            let remaining = try await withTimeout(seconds: 5) {
                while try await Self.serverConnections(application, observer: observer) > 0 {
                    try await Task.sleep(for: .milliseconds(20))
                }
                return 0
            }
            #expect(remaining == 0)
        }
    }

    @Test func cancellingRunStopsTheClient() async throws {
        try await PostgresTestDatabase.withDatabase { database in
            let client = PostgresClient(configuration: database.configuration, logger: PostgresTestDatabase.logger)
            let runner = Task { try await client.run() }
            _ = try await client.query("SELECT 1")
            let notifications = try await client.listen(channel: "cancel_test")
            runner.cancel()
            try await withTimeout(seconds: 5) { try await runner.value }
            let end = try await withTimeout(seconds: 5) {
                var iterator = notifications.makeAsyncIterator()
                return await iterator.next()
            }
            #expect(end == nil)
            await #expect(throws: PostgresError.self) { _ = try await client.query("SELECT 1") }
        }
    }
}
