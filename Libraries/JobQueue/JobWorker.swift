import LifecycleKit
package import LogKit
package import MetricsKit
package import Postgres

/// Runs one job; throwing schedules a retry (or dead-letters the job on its last attempt).
///
/// Called on the cooperative pool: it must not block (use async clients, or a thread of its own).
package typealias JobHandler = @Sendable (Job) async throws -> Void

/// Settings of a ``JobWorker``.
package struct JobWorkerConfiguration: Sendable {
    /// The most jobs run at once by this worker. Default 4.
    package var concurrency: Int
    /// How often to look for runnable jobs when no notification arrives (retries becoming due, jobs whose
    /// worker died, a lost notification). Default 1 s.
    package var pollInterval: Duration
    /// How long a claimed job stays leased to this worker; if the worker dies, the job is retried after it.
    /// Must exceed the longest handler run. Default 5 minutes.
    package var lease: Duration
    /// The backoff between attempts. Default 1 s doubling to 5 minutes, with jitter.
    package var retry: RetryPolicy
    /// How long finished (`done`) jobs are kept; the worker deletes older ones hourly. `nil` keeps them.
    /// Default 7 days.
    package var retention: Duration?

    /// Creates a configuration.
    package init(
        concurrency: Int = 4,
        pollInterval: Duration = .seconds(1),
        lease: Duration = .seconds(300),
        retry: RetryPolicy = RetryPolicy(),
        retention: Duration? = .seconds(7 * 86_400)
    ) {
        self.concurrency = max(1, concurrency)
        self.pollInterval = pollInterval
        self.lease = lease
        self.retry = retry
        self.retention = retention
    }
}

/// Claims and runs jobs of a ``JobQueue`` until graceful shutdown: a ``Service`` for the service's
/// `ServiceGroup` (pass it to `ServiceApplication(services:)`).
///
/// The worker wakes on the queue's NOTIFY channel and polls every ``JobWorkerConfiguration/pollInterval`` as a
/// fallback; it runs at most ``JobWorkerConfiguration/concurrency`` handlers at once, as child tasks, so it
/// never blocks the cooperative pool itself. Database errors (including a `jobs` table that a migration has
/// not created yet) are logged and retried at the next poll.
///
/// On graceful shutdown it stops claiming and waits for the running handlers; on cancellation it cancels them
/// (their jobs are then retried when their lease expires).
///
/// ```swift
/// let worker = JobWorker(queue: JobQueue(schema: "messaging"), postgres: postgres,
///                        handlers: ["email.deliver": { job in try await deliver(job) }], logger: logger)
/// ServiceApplication(router: router, migrations: migrations, services: [worker])
/// ```
package final class JobWorker: Service {
    private enum Event: Sendable {
        case wake
        case finished
        case shutdown
    }

    /// The queue worked on.
    package let queue: JobQueue
    /// The settings.
    package let configuration: JobWorkerConfiguration
    private let postgres: PostgresClient
    private let handlers: [String: JobHandler]
    private let onDeadLetter: (@Sendable (Job, String) async -> Void)?
    private let logger: Logger
    private let metrics: MetricsRegistry?

    /// Creates a worker for the queues named in `handlers`.
    ///
    /// - Parameters:
    ///   - metrics: where to count `jobs_processed_total{queue, outcome="done|retry|dead"}`, if anywhere.
    ///   - onDeadLetter: called after a job is dead-lettered, with its last error (for example to mark the
    ///     business record failed); errors there are the callee's to handle.
    package init(
        queue: JobQueue,
        postgres: PostgresClient,
        handlers: [String: JobHandler],
        configuration: JobWorkerConfiguration = JobWorkerConfiguration(),
        logger: Logger,
        metrics: MetricsRegistry? = nil,
        onDeadLetter: (@Sendable (Job, String) async -> Void)? = nil
    ) {
        self.metrics = metrics
        self.queue = queue
        self.postgres = postgres
        self.handlers = handlers
        self.configuration = configuration
        self.logger = logger
        self.onDeadLetter = onDeadLetter
    }

    /// Runs until graceful shutdown (waiting for running jobs) or cancellation.
    package func run() async throws {
        let (events, sink) = AsyncStream.makeStream(of: Event.self)
        let queueNames = handlers.keys.sorted()
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.listen(sink) }
                group.addTask { await self.tick(sink) }
                if let retention = configuration.retention {
                    group.addTask { await self.purge(olderThan: retention) }
                }
                var running = 0
                var stopping = false
                sink.yield(.wake)
                for await event in events {
                    switch event {
                    case .finished: running -= 1
                    case .shutdown: stopping = true
                    case .wake: break
                    }
                    if stopping {
                        if running == 0 { break }
                        continue
                    }
                    guard running < configuration.concurrency, !Task.isCancelled else { continue }
                    let free = configuration.concurrency - running
                    let jobs: [Job]
                    do {
                        jobs = try await queue.claim(
                            queues: queueNames,
                            limit: free,
                            lease: configuration.lease,
                            on: postgres
                        )
                    } catch {
                        logger.debug(
                            "jobs: claim failed; retrying at the next poll",
                            metadata: [LogKeys.error: "\(error)"]
                        )
                        continue
                    }
                    for job in jobs {
                        running += 1
                        group.addTask {
                            await self.process(job)
                            sink.yield(.finished)
                        }
                    }
                    // A full batch means more may be waiting.
                    if jobs.count == free { sink.yield(.wake) }
                }
                sink.finish()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            sink.yield(.shutdown)
        }
    }

    /// Turns NOTIFYs on the queue's channel into wake-ups; gives up quietly (polling remains) if LISTEN fails.
    private func listen(_ sink: AsyncStream<Event>.Continuation) async {
        let notifications: PostgresNotificationSequence
        do {
            notifications = try await postgres.listen(channel: queue.channel)
        } catch {
            logger.debug("jobs: LISTEN failed; polling only", metadata: [LogKeys.error: "\(error)"])
            return
        }
        for await _ in notifications {
            sink.yield(.wake)
        }
    }

    private func tick(_ sink: AsyncStream<Event>.Continuation) async {
        while !Task.isCancelled {
            guard (try? await Task.sleep(for: configuration.pollInterval)) != nil else { return }
            sink.yield(.wake)
        }
    }

    /// Deletes old finished jobs once an hour (after a first hour), until cancelled.
    private func purge(olderThan retention: Duration) async {
        while (try? await Task.sleep(for: .seconds(3600))) != nil {
            do {
                let deleted = try await queue.purge(doneOlderThan: retention, on: postgres)
                if deleted > 0 { logger.debug("jobs: purged finished jobs", metadata: ["jobs.deleted": "\(deleted)"]) }
            } catch {
                logger.debug("jobs: purge failed", metadata: [LogKeys.error: "\(error)"])
            }
        }
    }

    private func count(_ job: Job, _ outcome: String) {
        metrics?.counter(
            "jobs_processed_total",
            help: "Job attempts finished, by queue and outcome (done, retry, dead).",
            labels: [("queue", job.queue), ("outcome", outcome)]
        ).increment()
    }

    /// Runs one claimed job and records the outcome.
    private func process(_ job: Job) async {
        let failure: String?
        if job.attempt > job.maxAttempts {
            // Its lease expired during the last attempt (the worker died): never run it again.
            failure = "lease expired during the last attempt"
        } else if let handler = handlers[job.queue] {
            do {
                try await handler(job)
                failure = nil
            } catch {
                failure = "\(error)"
            }
        } else {
            failure = "no handler for queue \(job.queue)"
        }
        do {
            guard let failure else {
                if try await queue.complete(job, on: postgres) {
                    count(job, "done")
                } else {
                    logger.warning(
                        "jobs: lease lost before completion",
                        metadata: ["job.id": job.id, "job.queue": job.queue]
                    )
                }
                return
            }
            let delay = configuration.retry.delay(afterAttempt: job.attempt)
            let state = try await queue.fail(job, error: failure, retryDelay: delay, on: postgres)
            let metadata = [
                "job.id": job.id, "job.queue": job.queue, "job.attempt": "\(job.attempt)", LogKeys.error: failure,
            ]
            if let state { count(job, state == .dead ? "dead" : "retry") }
            if state == .dead {
                logger.warning("jobs: dead-lettered after its last attempt", metadata: metadata)
                await onDeadLetter?(job, failure)
            } else if state == .queued {
                logger.info(
                    "jobs: attempt failed; retrying",
                    metadata: metadata.merging(["retry.ms": "\(delay.milliseconds)"]) { $1 }
                )
            }
        } catch {
            // The lease expires and the job is claimed again.
            logger.warning(
                "jobs: could not record the outcome",
                metadata: ["job.id": job.id, LogKeys.error: "\(error)"]
            )
        }
    }
}
