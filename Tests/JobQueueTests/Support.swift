import JobQueue
import LifecycleKit
import LogKit
import Postgres
import Synchronization
import TestSupport

/// Creates the jobs table in the test's schema.
func createJobsTable(_ queue: JobQueue, on client: PostgresClient) async throws {
    _ = try await client.withConnection { try await $0.executeScript(JobQueue.tableSQL(schema: queue.schema)) }
}

/// Polls `condition` every 20 ms until it holds or `timeout` passes; returns whether it held.
func eventually(timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}

/// Runs `workers` in a ``ServiceGroup`` while `body` runs, then shuts them down gracefully (so no query of
/// theirs is cancelled mid-flight) and waits for them.
func withRunningWorker<T>(_ workers: [JobWorker], _ body: () async throws -> T) async throws -> T {
    let group = ServiceGroup(services: workers, configuration: .init(gracefulShutdownSignals: []), logger: testLogger)
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        do {
            let result = try await body()
            group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        } catch {
            group.triggerGracefulShutdown()
            try? await tasks.waitForAll()
            throw error
        }
    }
}

func jobStates(_ queue: JobQueue, on client: PostgresClient) async throws -> [String: Int] {
    let rows = try await client.query(
        "SELECT state, count(*)::bigint FROM \(unsafeSQL: PostgresQuery.quoteIdentifier(queue.schema)).jobs GROUP BY state"
    )
    var counts: [String: Int] = [:]
    for (state, count) in try rows.decode((String, Int).self) { counts[state] = count }
    return counts
}

let testLogger = Logger(label: "jobqueue-test", level: .critical)

/// A thread-safe tally of calls by key.
final class Tally: Sendable {
    private let counts = Mutex<[String: Int]>([:])
    func add(_ key: String) { counts.withLock { $0[key, default: 0] += 1 } }
    var snapshot: [String: Int] { counts.withLock { $0 } }
    var total: Int { snapshot.values.reduce(0, +) }
}
