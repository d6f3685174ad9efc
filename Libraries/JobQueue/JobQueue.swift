import Foundation
package import Postgres

/// A PostgreSQL job queue in one service's schema, in the spirit of pg-boss (DESIGN §3).
///
/// Jobs live in `<schema>.jobs`. They are enqueued in the same transaction as the change that causes them
/// (``enqueue(_:payload:maxAttempts:delay:on:)`` takes the caller's connection), claimed by a ``JobWorker``
/// with `FOR UPDATE SKIP LOCKED` under a lease (`locked_until`), retried with exponential backoff and
/// dead-lettered after `max_attempts`. Committing an enqueue sends a `NOTIFY` on ``channel`` that wakes
/// workers at once; they also poll.
///
/// ```swift
/// let queue = JobQueue(schema: "messaging")
/// // in the service's migrations: queue.migration(version: 2) or JobQueue.tableSQL(schema:) inside its own
/// try await postgres.withTransaction { connection in
///     try await connection.execute("INSERT INTO messaging.emails …")
///     _ = try await queue.enqueue("email.deliver", payload: #"{"emailId":"…"}"#, on: connection)
/// }
/// ```
package struct JobQueue: Sendable {
    /// The schema holding the `jobs` table.
    package let schema: String

    /// A queue over `<schema>.jobs`.
    package init(schema: String) {
        self.schema = schema
    }

    /// The LISTEN/NOTIFY channel that announces new jobs: `<schema>_jobs`.
    package var channel: String { "\(schema)_jobs" }

    /// The longest `last_error` kept, in characters.
    static let maxErrorLength = 1000

    // MARK: Schema

    /// The SQL that creates `<schema>.jobs` and its claim index, for a service to put in one of its own
    /// migrations (its text must never change once applied; this function's output is stable).
    package static func tableSQL(schema: String) -> String {
        let table = PostgresQuery.quoteIdentifier(schema) + ".jobs"
        return """
            CREATE TABLE \(table) (
                id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                queue text NOT NULL CHECK (length(queue) BETWEEN 1 AND 100),
                payload jsonb NOT NULL,
                state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'dead')),
                attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                max_attempts integer NOT NULL DEFAULT 10 CHECK (max_attempts >= 1),
                run_at timestamptz NOT NULL DEFAULT now(),
                locked_until timestamptz,
                last_error text,
                created_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX jobs_claim_idx ON \(table) (queue, run_at) WHERE state IN ('queued', 'running');
            """
    }

    /// A migration of its own that creates the table (``tableSQL(schema:)``).
    package func migration(version: Int, name: String = "jobs") -> Migration {
        Migration(version: version, name: name, sql: Self.tableSQL(schema: schema))
    }

    private var table: String { PostgresQuery.quoteIdentifier(schema) + ".jobs" }

    // MARK: Enqueueing

    /// Enqueues a job on `connection`, inside the caller's transaction if one is open: if it rolls back, the
    /// job was never there. Workers are notified when the transaction commits.
    ///
    /// - Parameters:
    ///   - queue: the queue name (1–100 characters), which selects the handler.
    ///   - payload: JSON text (an object, typically with the ids the handler needs; never secrets).
    ///   - maxAttempts: attempts before the job is dead-lettered (≥ 1). Default 10.
    ///   - delay: how long to wait before the first run. Default none.
    /// - Returns: the job's id.
    /// - Throws: ``PostgresError`` (also for a payload that is not JSON).
    @discardableResult
    package func enqueue(
        _ queue: String,
        payload: String,
        maxAttempts: Int = 10,
        delay: Duration = .zero,
        on connection: PostgresConnection
    ) async throws -> String {
        let seconds = Double(delay.milliseconds) / 1000
        // One round trip: the notification is queued by the same statement (delivered at commit).
        let rows = try await connection.query(
            """
            WITH job AS (
                INSERT INTO \(unsafeSQL: table) (queue, payload, max_attempts, run_at)
                VALUES (\(queue), \(payload)::jsonb, \(max(1, maxAttempts)), now() + make_interval(secs => \(seconds)))
                RETURNING id::text
            )
            SELECT job.id, pg_notify(\(channel), \(queue)::text) FROM job
            """
        )
        return try rows[0].decode(String.self, column: 0)
    }

    /// Enqueues a job in a transaction of its own; see ``enqueue(_:payload:maxAttempts:delay:on:)``.
    @discardableResult
    package func enqueue(
        _ queue: String,
        payload: String,
        maxAttempts: Int = 10,
        delay: Duration = .zero,
        on client: PostgresClient
    ) async throws -> String {
        try await client.withTransaction { connection in
            try await enqueue(queue, payload: payload, maxAttempts: maxAttempts, delay: delay, on: connection)
        }
    }

    // MARK: Claiming and finishing (used by JobWorker; public for tests and tools)

    /// Claims up to `limit` runnable jobs of `queues`: queued jobs whose `run_at` has passed, and running jobs
    /// whose lease expired (their worker died). Each claimed job's `attempts` is incremented and it is leased
    /// for `lease`. Concurrent claimers never get the same job (`FOR UPDATE SKIP LOCKED`).
    ///
    /// - Throws: ``PostgresError``.
    package func claim(queues: [String], limit: Int, lease: Duration, on client: PostgresClient) async throws -> [Job] {
        let leaseSeconds = Double(lease.milliseconds) / 1000
        let rows = try await client.query(
            """
            WITH next AS (
                SELECT id FROM \(unsafeSQL: table)
                WHERE queue = ANY(\(queues)::text[])
                  AND ((state = 'queued' AND run_at <= now()) OR (state = 'running' AND locked_until < now()))
                ORDER BY run_at, id
                LIMIT \(max(1, limit))
                FOR UPDATE SKIP LOCKED
            )
            UPDATE \(unsafeSQL: table) AS j
            SET state = 'running', attempts = j.attempts + 1,
                locked_until = now() + make_interval(secs => \(leaseSeconds)), updated_at = now()
            FROM next WHERE j.id = next.id
            RETURNING j.id::text, j.queue, j.payload::text, j.attempts, j.max_attempts
            """
        )
        return try rows.map { row in
            let (id, queue, payload, attempts, maxAttempts) = try row.decode((String, String, String, Int, Int).self)
            return Job(id: id, queue: queue, payload: payload, attempt: attempts, maxAttempts: maxAttempts)
        }
    }

    /// Marks a claimed job done. Returns `false` if this attempt no longer holds the job (its lease expired
    /// and another worker claimed it).
    ///
    /// - Throws: ``PostgresError``.
    @discardableResult
    package func complete(_ job: Job, on client: PostgresClient) async throws -> Bool {
        try await client.execute(
            """
            UPDATE \(unsafeSQL: table)
            SET state = 'done', locked_until = NULL, last_error = NULL, updated_at = now()
            WHERE id = \(job.id)::uuid AND state = 'running' AND attempts = \(job.attempt)
            """
        ) == 1
    }

    /// Records a failed attempt: the job is queued again after `retryDelay`, or dead-lettered if this was its
    /// last attempt. Returns the new state, or `nil` if this attempt no longer holds the job.
    ///
    /// - Throws: ``PostgresError``.
    @discardableResult
    package func fail(
        _ job: Job,
        error message: String,
        retryDelay: Duration,
        on client: PostgresClient
    )
        async throws -> JobState?
    {
        let seconds = Double(retryDelay.milliseconds) / 1000
        let rows = try await client.query(
            """
            UPDATE \(unsafeSQL: table)
            SET state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END,
                run_at = CASE WHEN attempts >= max_attempts THEN run_at
                              ELSE now() + make_interval(secs => \(seconds)) END,
                locked_until = NULL, last_error = \(String(message.prefix(Self.maxErrorLength))), updated_at = now()
            WHERE id = \(job.id)::uuid AND state = 'running' AND attempts = \(job.attempt)
            RETURNING state
            """
        )
        guard let row = rows.first else { return nil }
        return JobState(rawValue: try row.decode(String.self))
    }

    /// Deletes `done` jobs last updated more than `age` ago (dead jobs stay for inspection); returns how many.
    ///
    /// - Throws: ``PostgresError``.
    @discardableResult
    package func purge(doneOlderThan age: Duration, on client: PostgresClient) async throws -> Int {
        let seconds = Double(age.milliseconds) / 1000
        return try await client.execute(
            """
            DELETE FROM \(unsafeSQL: table)
            WHERE state = 'done' AND updated_at < now() - make_interval(secs => \(seconds))
            """
        )
    }

    /// The stored row of job `id` (a UUID), or `nil`.
    ///
    /// - Throws: ``PostgresError``.
    package func record(id: String, on client: PostgresClient) async throws -> JobRecord? {
        let rows = try await client.query(
            """
            SELECT id::text, queue, payload::text, state, attempts, max_attempts, run_at, locked_until, last_error
            FROM \(unsafeSQL: table) WHERE id = \(id)::uuid
            """
        )
        guard let row = rows.first else { return nil }
        let (id, queue, payload, state, attempts, maxAttempts, runAt, lockedUntil, lastError) = try row.decode(
            (String, String, String, String, Int, Int, Date, Date?, String?).self
        )
        return JobRecord(
            id: id,
            queue: queue,
            payload: payload,
            state: JobState(rawValue: state) ?? .queued,
            attempts: attempts,
            maxAttempts: maxAttempts,
            runAt: runAt,
            lockedUntil: lockedUntil,
            lastError: lastError
        )
    }
}
