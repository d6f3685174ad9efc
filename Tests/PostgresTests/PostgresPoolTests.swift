import ConnectionPool
import Postgres
import Synchronization
import TestSupport
import Testing

/// The pool against a real server.
@Suite(.enabled(if: PostgresTestEnvironment.isEnabled, "needs PostgreSQL: scripts/with-postgres.sh swift test"))
struct PostgresPoolTests {
    @Test func fiftyConcurrentQueriesNeverUseMoreThanFiveConnections() async throws {
        let application = PostgresTestDatabase.uniqueName(prefix: "pool")
        try await PostgresTestDatabase.withClient { configuration in
            configuration.applicationName = application
            configuration.pool.maximumConnections = 5
        } _: { client in
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        let rows = try await client.query(
                            """
                            SELECT count(*) FROM pg_stat_activity, pg_sleep(0.02)
                            WHERE application_name = \(application)
                            """
                        )
                        return try rows.decode(Int.self)[0]
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(counts.count == 50)
            #expect(counts.allSatisfy { $0 >= 1 && $0 <= 5 })
            #expect(counts.max()! > 1)  // the queries did run concurrently
        }
    }

    @Test func acquireTimeoutWhenEveryConnectionIsLeased() async throws {
        try await PostgresTestDatabase.withClient { configuration in
            configuration.pool.maximumConnections = 1
            configuration.pool.acquireTimeout = .milliseconds(300)
        } _: { client in
            try await client.withConnection { held in
                let (error, elapsed) = await measure {
                    await #expect(throws: PostgresError.self) { _ = try await client.query("SELECT 1") }
                }
                #expect(error?.code == .acquireTimeout)
                #expect(elapsed >= .milliseconds(250) && elapsed < .seconds(3))
                _ = try await held.query("SELECT 1")
            }
            let rows = try await client.query("SELECT 2")
            #expect(try rows.decode(Int.self) == [2])
        }
    }

    @Test func aCancelledQueryReleasesItsConnection() async throws {
        try await PostgresTestDatabase.withClient { configuration in
            configuration.pool.maximumConnections = 1
        } _: { client in
            let started = AsyncStream.makeStream(of: Void.self)
            let sleeper = Task {
                try await client.withConnection { connection in
                    started.continuation.yield()
                    return try await connection.query("SELECT pg_sleep(30)")
                }
            }
            for await _ in started.stream { break }
            try await Task.sleep(for: .milliseconds(100))  // let the statement reach the server
            sleeper.cancel()
            await #expect(throws: CancellationError.self) { _ = try await sleeper.value }
            let (rows, elapsed) = try await measure { try await client.query("SELECT 3") }
            #expect(try rows.decode(Int.self) == [3])
            #expect(elapsed < .seconds(2))
        }
    }

    /// A cancel request can reach the server before the query it cancels (the server then ignores it): it is
    /// repeated until the query ends, and the connection is never lent out again afterwards.
    @Test func queriesCancelledTheMomentTheyAreSentStillStopAndThePoolStaysUsable() async throws {
        try await PostgresTestDatabase.withClient { configuration in
            configuration.pool.maximumConnections = 1
        } _: { client in
            for round in 0..<20 {
                let sleeper = Task { try await client.query("SELECT pg_sleep(30)") }
                if round % 2 == 1 { await Task.yield() }
                sleeper.cancel()
                let (_, elapsed) = await measure {
                    await #expect(throws: CancellationError.self) { _ = try await sleeper.value }
                }
                #expect(elapsed < .seconds(5), "round \(round)")
                let rows = try await client.query("SELECT \(round)::int")
                #expect(try rows.decode(Int.self) == [round])
            }
        }
    }

    @Test func aWaiterCancelledWhileQueuedLeavesThePool() async throws {
        try await PostgresTestDatabase.withClient { configuration in
            configuration.pool.maximumConnections = 1
        } _: { client in
            try await client.withConnection { _ in
                let waiter = Task { try await client.query("SELECT 1") }
                try await Task.sleep(for: .milliseconds(50))
                waiter.cancel()
                await #expect(throws: CancellationError.self) { _ = try await waiter.value }
            }
            let four = try await client.query("SELECT 4").decode(Int.self)
            #expect(four == [4])
        }
    }
}
