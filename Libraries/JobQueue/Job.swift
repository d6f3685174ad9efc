package import Foundation

/// One claimed job, as a handler receives it.
///
/// A handler runs a job at least once: a worker that dies mid-job (or overruns its lease) leaves it to be
/// claimed again, so handlers must be idempotent (check what they already did, keyed by ``id`` or their own
/// ids in ``payload``).
package struct Job: Sendable, Hashable {
    /// The job's id (a lowercase UUID).
    package var id: String
    /// The queue it was enqueued on, such as `email.deliver`.
    package var queue: String
    /// The JSON text it was enqueued with.
    package var payload: String
    /// Which attempt this is: 1 for the first run.
    package var attempt: Int
    /// The attempts allowed before the job is dead-lettered.
    package var maxAttempts: Int

    /// Creates a job value (the queue does this when it claims one).
    package init(id: String, queue: String, payload: String, attempt: Int, maxAttempts: Int) {
        self.id = id
        self.queue = queue
        self.payload = payload
        self.attempt = attempt
        self.maxAttempts = maxAttempts
    }

    /// Whether a failure of this attempt dead-letters the job instead of scheduling a retry.
    package var isLastAttempt: Bool { attempt >= maxAttempts }

    /// Decodes ``payload`` as `type` with a default `JSONDecoder`.
    ///
    /// - Throws: `DecodingError`.
    package func decodePayload<T: Decodable>(as type: T.Type = T.self) throws -> T {
        try JSONDecoder().decode(type, from: Data(payload.utf8))
    }
}

/// Where a job is in its life.
package enum JobState: String, Sendable, Hashable, CaseIterable {
    /// Waiting for its `run_at` (first run or a retry).
    case queued
    /// Claimed by a worker whose lease (`locked_until`) has not been given back.
    case running
    /// Finished successfully.
    case done
    /// Failed on its last attempt (dead-lettered); never run again unless re-queued by hand.
    case dead
}

/// A job row as stored, for inspection (tests, admin tools).
package struct JobRecord: Sendable, Hashable {
    /// The id.
    package var id: String
    /// The queue name.
    package var queue: String
    /// The payload JSON text.
    package var payload: String
    /// The state.
    package var state: JobState
    /// Attempts started so far.
    package var attempts: Int
    /// Attempts allowed.
    package var maxAttempts: Int
    /// When it may next run.
    package var runAt: Date
    /// Until when the current worker's lease holds (`running` only).
    package var lockedUntil: Date?
    /// The last failure's message, if any.
    package var lastError: String?
}
