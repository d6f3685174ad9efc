import Cryptography
import Foundation
import JobQueue
import Postgres

/// A request to send one email, validated (``SendEmailRequest``).
struct NewEmail: Sendable {
    var to: String
    var subject: String
    var text: String
    var html: String?
    var category: String
    var sensitive: Bool
    var idempotencyKey: String?
    var requestedBy: String?
}

/// An email row as the delivery job needs it.
struct StoredEmail: Sendable {
    var id: String
    var to: String
    var subject: String
    var text: String?
    var html: String?
    var category: String
}

/// The status an internal caller can read.
struct EmailStatus: Sendable, Encodable {
    var id: String
    var status: String
    var attempts: Int
    var lastError: String?

    func encode(to encoder: any Encoder) throws {
        enum Keys: String, CodingKey { case id, status, attempts, lastError }
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(id, forKey: .id)
        try container.encode(status, forKey: .status)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(lastError, forKey: .lastError)  // null rather than absent
    }
}

/// The outcome of ``EmailRepository/enqueue(_:)``.
enum EnqueueOutcome: Sendable {
    /// A new email and its delivery job were stored.
    case created(id: String)
    /// The idempotency key was used before for the same email: nothing new was stored.
    case existing(id: String)
    /// The idempotency key was used before for a different email.
    case conflict
}

/// The `messaging.emails` outbox and its delivery jobs.
struct EmailRepository: Sendable {
    static let deliveryQueue = "email.deliver"

    let postgres: PostgresClient
    let jobs: JobQueue
    let maxAttempts: Int

    /// Stores the email and its delivery job in one transaction (or finds the earlier one with the same
    /// idempotency key).
    func enqueue(_ email: NewEmail) async throws -> EnqueueOutcome {
        let id = UUIDv7.make()
        return try await postgres.withTransaction { connection in
            let inserted = try await connection.query(
                """
                INSERT INTO messaging.emails
                    (id, to_address, subject, text_body, html_body, category, sensitive, idempotency_key, requested_by)
                VALUES (\(id)::uuid, \(email.to), \(email.subject), \(email.text), \(email.html), \(email.category),
                        \(email.sensitive), \(email.idempotencyKey), \(email.requestedBy))
                ON CONFLICT (idempotency_key) DO NOTHING
                RETURNING id::text
                """
            )
            if inserted.isEmpty, let key = email.idempotencyKey {
                let rows = try await connection.query(
                    "SELECT id::text, to_address, subject, category FROM messaging.emails WHERE idempotency_key = \(key)"
                )
                guard let row = rows.first else { return .conflict }
                let (existing, to, subject, category) = try row.decode((String, String, String, String).self)
                let isSame = to == email.to && subject == email.subject && category == email.category
                return isSame ? .existing(id: existing) : .conflict
            }
            let payload = #"{"emailId":"\#(id)"}"#
            try await jobs.enqueue(Self.deliveryQueue, payload: payload, maxAttempts: maxAttempts, on: connection)
            return .created(id: id)
        }
    }

    /// The status of email `id`, or `nil`.
    func status(id: String) async throws -> EmailStatus? {
        let rows = try await postgres.query(
            "SELECT id::text, status, attempts, last_error FROM messaging.emails WHERE id = \(id)::uuid"
        )
        guard let row = rows.first else { return nil }
        let (id, status, attempts, lastError) = try row.decode((String, String, Int, String?).self)
        return EmailStatus(id: id, status: status, attempts: attempts, lastError: lastError)
    }

    /// The email for delivery, counting the attempt.
    func beginAttempt(id: String) async throws -> StoredEmail? {
        let rows = try await postgres.query(
            """
            UPDATE messaging.emails SET attempts = attempts + 1 WHERE id = \(id)::uuid AND status = 'queued'
            RETURNING id::text, to_address, subject, text_body, html_body, category
            """
        )
        guard let row = rows.first else { return nil }
        let (id, to, subject, text, html, category) = try row.decode(
            (String, String, String, String?, String?, String).self
        )
        return StoredEmail(id: id, to: to, subject: subject, text: text, html: html, category: category)
    }

    /// Marks the email sent; a sensitive email's bodies are erased.
    func markSent(id: String) async throws {
        try await postgres.execute(
            """
            UPDATE messaging.emails
            SET status = 'sent', sent_at = now(), last_error = NULL,
                text_body = CASE WHEN sensitive THEN NULL ELSE text_body END,
                html_body = CASE WHEN sensitive THEN NULL ELSE html_body END
            WHERE id = \(id)::uuid
            """
        )
    }

    /// Records a failed attempt; `final` marks the email failed.
    func markFailed(id: String, error: String, final: Bool) async throws {
        try await postgres.execute(
            """
            UPDATE messaging.emails
            SET last_error = \(String(error.prefix(1000))),
                status = CASE WHEN \(final) AND status = 'queued' THEN 'failed' ELSE status END,
                text_body = CASE WHEN \(final) AND sensitive THEN NULL ELSE text_body END,
                html_body = CASE WHEN \(final) AND sensitive THEN NULL ELSE html_body END
            WHERE id = \(id)::uuid
            """
        )
    }
}
