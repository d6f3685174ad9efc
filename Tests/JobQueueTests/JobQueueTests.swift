import Foundation
import JobQueue
import LifecycleKit
import MetricsKit
import Postgres
import Synchronization
import TestSupport
import Testing

@Suite(.enabled(if: PostgresTestEnvironment.isEnabled, "needs PostgreSQL: scripts/with-postgres.sh swift test"))
struct JobQueueTests {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    @Test func enqueueInARolledBackTransactionLeavesNoJobAndACommittedOneStays() async throws {
        try await PostgresTestDatabase.withSchema { client, schema in
            let queue = JobQueue(schema: schema)
            try await createJobsTable(queue, on: client)
            await #expect(throws: Failure.self) {
                try await client.withTransaction { connection in
                    try await queue.enqueue("test", payload: #"{"n":1}"#, on: connection)
                    throw Failure(description: "business rule failed")
                }
            }
            #expect(try await jobStates(queue, on: client).isEmpty)
            let id = try await client.withTransaction { connection in
                try await queue.enqueue("test", payload: #"{"n":2}"#, maxAttempts: 3, on: connection)
            }
            let record = try #require(try await queue.record(id: id, on: client))
            #expect(record.state == .queued)
            #expect(record.queue == "test")
            #expect(record.payload == #"{"n": 2}"#)
            #expect(record.attempts == 0)
            #expect(record.maxAttempts == 3)
        }
    }

    @Test func aNotificationWakesTheWorkerWhichRunsTheJobOnce() async throws {
        try await PostgresTestDatabase.withSchema { client, schema in
            let queue = JobQueue(schema: schema)
            try await createJobsTable(queue, on: client)
            let tally = Tally()
            // Polling is effectively off: only LISTEN/NOTIFY can wake the worker after its first look.
            let worker = JobWorker(
                queue: queue,
                postgres: client,
                handlers: [
                    "greet": { job in tally.add(try job.decodePayload(as: [String: String].self)["name"] ?? "?") }
                ],
                configuration: JobWorkerConfiguration(pollInterval: .seconds(600)),
                logger: testLogger
            )
            try await withRunningWorker([worker]) { () async throws in
                try await Task.sleep(for: .milliseconds(300))  // let it LISTEN
                let id = try await queue.enqueue("greet", payload: #"{"name":"ana"}"#, on: client)
                #expect(try await eventually { try await queue.record(id: id, on: client)?.state == .done })
                #expect(tally.snapshot == ["ana": 1])
                #expect(try await queue.record(id: id, on: client)?.attempts == 1)
            }
        }
    }

    @Test func failuresRetryWithBackoffThenDeadLetter() async throws {
        try await PostgresTestDatabase.withSchema { client, schema in
            let queue = JobQueue(schema: schema)
            try await createJobsTable(queue, on: client)
            let attempts = Mutex<[ContinuousClock.Instant]>([])
            let dead = Tally()
            let metrics = MetricsRegistry()
            let worker = JobWorker(
                queue: queue,
                postgres: client,
                handlers: [
                    "flaky": { job in
                        attempts.withLock { $0.append(.now) }
                        throw Failure(description: "boom on attempt \(job.attempt)")
                    }
                ],
                configuration: JobWorkerConfiguration(
                    pollInterval: .milliseconds(20),
                    retry: RetryPolicy(base: .milliseconds(150), cap: .milliseconds(300), jitter: false)
                ),
                logger: testLogger,
                metrics: metrics,
                onDeadLetter: { job, error in dead.add("\(job.id) \(error)") }
            )
            let id = try await queue.enqueue("flaky", payload: "{}", maxAttempts: 3, on: client)
            try await withRunningWorker([worker]) { () async throws in
                #expect(try await eventually { try await queue.record(id: id, on: client)?.state == .dead })
            }
            let record = try #require(try await queue.record(id: id, on: client))
            #expect(record.attempts == 3)
            #expect(record.lastError == "boom on attempt 3")
            #expect(dead.snapshot == ["\(id) boom on attempt 3": 1])
            let exposition = metrics.exposition()
            #expect(exposition.contains(#"jobs_processed_total{queue="flaky",outcome="retry"} 2"#), "\(exposition)")
            #expect(exposition.contains(#"jobs_processed_total{queue="flaky",outcome="dead"} 1"#), "\(exposition)")
            let times = attempts.withLock { $0 }
            #expect(times.count == 3)
            if times.count == 3 {
                #expect(times[1] - times[0] >= .milliseconds(140))
                #expect(times[2] - times[1] >= .milliseconds(290))
            }
        }
    }

    @Test func aJobThatFailsOnceSucceedsOnItsRetry() async throws {
        try await PostgresTestDatabase.withSchema { client, schema in
            let queue = JobQueue(schema: schema)
            try await createJobsTable(queue, on: client)
            let worker = JobWorker(
                queue: queue,
                postgres: client,
                handlers: [
                    "once": { job in
                        if job.attempt == 1 { throw Failure(description: "transient") }
                    }
                ],
                configuration: JobWorkerConfiguration(
                    pollInterval: .milliseconds(20),
                    retry: RetryPolicy(base: .milliseconds(50), jitter: false)
                ),
                logger: testLogger
            )
            let id = try await queue.enqueue("once", payload: "{}", on: client)
            try await withRunningWorker([worker]) { () async throws in
                #expect(try await eventually { try await queue.record(id: id, on: client)?.state == .done })
            }
            let record = try #require(try await queue.record(id: id, on: client))
            #expect(record.attempts == 2)
            #expect(record.lastError == nil)
        }
    }

    @Test func twoWorkersNeverRunTheSameJob() async throws {
        try await PostgresTestDatabase.withSchema { client, schema in
            let queue = JobQueue(schema: schema)
            try await createJobsTable(queue, on: client)
            let count = 80
            for index in 0..<count {
                try await queue.enqueue("work", payload: #"{"i":\#(index)}"#, on: client)
            }
            let tally = Tally()
            let running = Atomic<Int>(0)
            let maxRunning = Atomic<Int>(0)
            func makeWorker(_ name: String) -> JobWorker {
                JobWorker(
                    queue: queue,
                    postgres: client,
                    handlers: [
                        "work": { job in
                            let now = running.add(1, ordering: .relaxed).newValue
                            maxRunning.max(now, ordering: .relaxed)
                            tally.add(job.id)
                            try await Task.sleep(for: .milliseconds(Int.random(in: 1...8)))
                            running.subtract(1, ordering: .relaxed)
                        }
                    ],
                    configuration: JobWorkerConfiguration(concurrency: 3, pollInterval: .milliseconds(10)),
                    logger: testLogger
                )
            }
            try await withRunningWorker([makeWorker("a"), makeWorker("b")]) { () async throws in
                #expect(try await eventually { try await jobStates(queue, on: client) == ["done": count] })
            }
            #expect(tally.snapshot.count == count)
            #expect(tally.snapshot.values.allSatisfy { $0 == 1 })
            #expect(maxRunning.load(ordering: .relaxed) <= 6)
        }
    }

    @Test func aJobWhoseLeaseExpiredIsRetriedAndOneOnItsLastAttemptIsDeadLettered() async throws {
        try await PostgresTestDatabase.withSchema { client, schema in
            let queue = JobQueue(schema: schema)
            try await createJobsTable(queue, on: client)
            let retried = try await queue.enqueue("job", payload: #"{"k":"retried"}"#, maxAttempts: 5, on: client)
            let last = try await queue.enqueue("job", payload: #"{"k":"last"}"#, maxAttempts: 1, on: client)
            // A worker claims both and dies: it never completes them. (A lease long enough for the next claim
            // to come before it expires on a loaded machine.)
            let claimed = try await queue.claim(queues: ["job"], limit: 10, lease: .milliseconds(1500), on: client)
            #expect(Set(claimed.map(\.id)) == [retried, last])
            #expect(try await queue.claim(queues: ["job"], limit: 10, lease: .seconds(1), on: client).isEmpty)
            let tally = Tally()
            let worker = JobWorker(
                queue: queue,
                postgres: client,
                handlers: ["job": { job in tally.add(try job.decodePayload(as: [String: String].self)["k"]!) }],
                configuration: JobWorkerConfiguration(pollInterval: .milliseconds(20)),
                logger: testLogger
            )
            try await withRunningWorker([worker]) { () async throws in
                #expect(try await eventually { try await queue.record(id: retried, on: client)?.state == .done })
                #expect(try await eventually { try await queue.record(id: last, on: client)?.state == .dead })
            }
            #expect(try await queue.record(id: retried, on: client)?.attempts == 2)
            #expect(try await queue.record(id: last, on: client)?.lastError == "lease expired during the last attempt")
            #expect(tally.snapshot == ["retried": 1])
            // The dead worker's late completion is refused: the job is no longer its own.
            let stale = try #require(claimed.first { $0.id == retried })
            #expect(try await queue.complete(stale, on: client) == false)
        }
    }

    @Test func gracefulShutdownFinishesTheRunningJobAndStopsClaiming() async throws {
        try await PostgresTestDatabase.withSchema { client, schema in
            let queue = JobQueue(schema: schema)
            try await createJobsTable(queue, on: client)
            let started = Tally()
            let worker = JobWorker(
                queue: queue,
                postgres: client,
                handlers: [
                    "slow": { job in
                        started.add(job.id)
                        try await Task.sleep(for: .milliseconds(400))
                    }
                ],
                configuration: JobWorkerConfiguration(pollInterval: .milliseconds(20)),
                logger: testLogger
            )
            let group = ServiceGroup(
                services: [worker],
                configuration: .init(gracefulShutdownSignals: []),
                logger: testLogger
            )
            let first = try await queue.enqueue("slow", payload: "{}", on: client)
            let clock = ContinuousClock()
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                #expect(try await eventually { started.total == 1 })
                let elapsed = try await clock.measure {
                    group.triggerGracefulShutdown()
                    try await tasks.next()
                }
                #expect(elapsed < .seconds(5))
            }
            #expect(try await queue.record(id: first, on: client)?.state == .done)
            let after = try await queue.enqueue("slow", payload: "{}", on: client)
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await queue.record(id: after, on: client)?.state == .queued)
            #expect(started.total == 1)
        }
    }

    @Test func purgeDeletesOldFinishedJobsButKeepsDeadOnes() async throws {
        try await PostgresTestDatabase.withSchema { client, schema in
            let queue = JobQueue(schema: schema)
            try await createJobsTable(queue, on: client)
            let done = try await queue.enqueue("job", payload: "{}", on: client)
            let dead = try await queue.enqueue("job", payload: "{}", maxAttempts: 1, on: client)
            let recent = try await queue.enqueue("job", payload: "{}", on: client)
            for job in try await queue.claim(queues: ["job"], limit: 3, lease: .seconds(60), on: client) {
                if job.id == dead {
                    #expect(try await queue.fail(job, error: "x", retryDelay: .zero, on: client) == .dead)
                } else {
                    #expect(try await queue.complete(job, on: client))
                }
            }
            try await client.execute(
                """
                UPDATE \(unsafeSQL: PostgresQuery.quoteIdentifier(schema)).jobs
                SET updated_at = now() - interval '8 days' WHERE id::text IN (\(done), \(dead))
                """
            )
            #expect(try await queue.purge(doneOlderThan: .seconds(7 * 86_400), on: client) == 1)
            #expect(try await queue.record(id: done, on: client) == nil)
            #expect(try await queue.record(id: dead, on: client)?.state == .dead)
            #expect(try await queue.record(id: recent, on: client)?.state == .done)
        }
    }
}
