import ConnectionPool
import Foundation
import Postgres
import TestSupport
import Testing

/// Informative measurements of per-query overhead; no timing is asserted. Opt-in, as they take a few seconds:
/// `PAYLINKS_POSTGRES_BENCHMARK=1 scripts/with-postgres.sh swift test -c release --filter PostgresLatencyTests`.
@Suite(
    .enabled(
        if: PostgresTestEnvironment.isEnabled
            && ProcessInfo.processInfo.environment["PAYLINKS_POSTGRES_BENCHMARK"] == "1",
        "benchmark: set PAYLINKS_POSTGRES_BENCHMARK=1 (and run via scripts/with-postgres.sh)"
    )
)
struct PostgresLatencyTests {
    struct SelectOne: PreparedStatement {
        static let sql = "SELECT $1::int8"
        var value: Int64
        func makeBindings() -> PostgresBindings { PostgresBindings(value) }
        func decodeRow(_ row: PostgresRow) throws -> Int64 { try row.decode(Int64.self) }
    }

    static let count = 10_000

    static func report(_ label: String, _ duration: Duration, queries: Int) {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        let microseconds = seconds / Double(queries) * 1e6
        print(
            "postgres latency: \(label): \(queries) queries in \(String(format: "%.2f", seconds)) s = "
                + "\(String(format: "%.1f", microseconds)) µs/query, \(Int(Double(queries) / seconds)) queries/s"
        )
    }

    @Test func sequentialAndConcurrentRoundTrips() async throws {
        try await PostgresTestDatabase.withClient { configuration in
            configuration.pool.maximumConnections = 10
        } _: { client in
            _ = try await client.query("SELECT 1")  // connect

            let (_, unnamed) = try await measure {
                for _ in 0..<Self.count { _ = try await client.query("SELECT 1") }
            }
            Self.report("sequential SELECT 1 (unnamed statement, pooled)", unnamed, queries: Self.count)

            let (_, prepared) = try await measure {
                for index in 0..<Self.count {
                    let rows = try await client.execute(SelectOne(value: Int64(index)))
                    precondition(rows == [Int64(index)])
                }
            }
            Self.report("sequential prepared SELECT $1 (pooled)", prepared, queries: Self.count)

            let (_, leased) = try await measure {
                try await client.withConnection { connection in
                    for index in 0..<Self.count { _ = try await connection.execute(SelectOne(value: Int64(index))) }
                }
            }
            Self.report("sequential prepared SELECT $1 (one leased connection)", leased, queries: Self.count)

            for tasks in [10, 50] {
                let perTask = 2_000
                let (_, concurrent) = try await measure {
                    try await withThrowingDiscardingTaskGroup { group in
                        for _ in 0..<tasks {
                            group.addTask {
                                for index in 0..<perTask {
                                    _ = try await client.execute(SelectOne(value: Int64(index)))
                                }
                            }
                        }
                    }
                }
                Self.report("\(tasks) concurrent tasks, prepared, pool of 10", concurrent, queries: tasks * perTask)
            }
        }
    }
}
