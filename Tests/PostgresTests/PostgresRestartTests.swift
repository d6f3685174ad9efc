import ConnectionPool
import Postgres
import TestSupport
import Testing

/// A running client survives a server restart: it fails fast while the server is down and recovers without
/// being recreated. The test stops the shared test server, so it holds the server exclusively (other tests
/// using TestSupport wait).
@Suite(
    .enabled(
        if: PostgresTestEnvironment.isRequired
            || (PostgresTestEnvironment.isConfigured && PostgresTestServer.isControllable),
        "needs a PostgreSQL it may restart: scripts/with-postgres.sh swift test"
    )
)
struct PostgresRestartTests {
    @Test func failsFastWhileTheServerIsDownAndRecoversWhenItIsBack() async throws {
        try await PostgresTestServer.withExclusiveAccess { database in
            var configuration = database.configuration
            configuration.pool.maximumConnections = 3
            configuration.pool.connectionBackoff = .milliseconds(50)
            configuration.pool.maximumConnectionBackoff = .milliseconds(500)
            configuration.connectTimeout = .seconds(2)
            try await PostgresTestDatabase.withRunningClient(configuration: configuration) { client in
                try await Self.warmUp(client)
                let notifications = try await client.listen(channel: "restart")
                let inFlight = Task { try await client.query("SELECT pg_sleep(30)") }
                try await Self.waitUntilRunning("SELECT pg_sleep(30)", client)

                try await PostgresTestServer.stop()
                let (interrupted, interruptedAfter) = await measure {
                    await #expect(throws: PostgresError.self) { _ = try await inFlight.value }
                }
                #expect(interrupted?.code == .connectionClosed, "\(String(describing: interrupted))")
                #expect(interruptedAfter < .seconds(3))
                for attempt in 0..<6 {
                    let (error, elapsed) = await measure {
                        await #expect(throws: PostgresError.self) { _ = try await client.query("SELECT 1") }
                    }
                    #expect(
                        error?.code == .connectionFailed || error?.code == .connectionClosed,
                        "attempt \(attempt): \(String(describing: error))"
                    )
                    #expect(elapsed < .seconds(3), "attempt \(attempt) took \(elapsed)")
                }

                try await PostgresTestServer.start()
                let (recovered, elapsed) = try await measure {
                    try await Self.firstSuccess(client, within: .seconds(10))
                }
                #expect(recovered, "no query succeeded within 10 s of the restart")
                #expect(elapsed < .seconds(5), "recovery took \(elapsed)")

                // The LISTEN connection came back and listens again.
                let received = try await withTimeout(seconds: 15) {
                    var iterator = notifications.makeAsyncIterator()
                    return await iterator.next()?.payload
                } orWhileWaiting: {
                    try? await client.notify(channel: "restart", payload: "after restart")
                }
                #expect(received == "after restart")
            }
        }
    }

    /// Opens several connections so that the restart breaks idle pooled connections.
    static func warmUp(_ client: PostgresClient) async throws {
        try await withThrowingDiscardingTaskGroup { group in
            for _ in 0..<3 {
                group.addTask { _ = try await client.query("SELECT pg_sleep(0.05)") }
            }
        }
    }

    /// Waits (up to 5 s) until the server runs `statement`.
    static func waitUntilRunning(_ statement: String, _ client: PostgresClient) async throws {
        try await withTimeout(seconds: 5) {
            while true {
                let rows = try await client.query(
                    "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query = \(statement)"
                )
                if try rows.decode(Int.self) == [1] { return }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    /// Queries every 100 ms until one succeeds or `limit` passes.
    static func firstSuccess(_ client: PostgresClient, within limit: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now.advanced(by: limit)
        while ContinuousClock.now < deadline {
            if let rows = try? await client.query("SELECT 1"), try rows.decode(Int.self) == [1] {
                return true
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}

/// Runs `body` with a timeout, calling `poll` every 200 ms while it waits.
func withTimeout<Result: Sendable>(
    seconds: Double,
    _ body: @escaping @Sendable () async throws -> Result,
    orWhileWaiting poll: @escaping @Sendable () async -> Void
) async throws -> Result {
    try await withTimeout(seconds: seconds) {
        try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                while !Task.isCancelled {
                    await poll()
                    try? await Task.sleep(for: .milliseconds(200))
                }
                return nil
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let result { return result }
            }
            throw CancellationError()
        }
    }
}
