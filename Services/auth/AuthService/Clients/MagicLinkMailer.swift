import HTTPCore
import HTTPRouter
import ServiceIdentity
import ServiceRuntime

/// Sends a sign-in email; the messaging service's internal API in production (contract C1).
protocol MagicLinkMailer: Sendable {
    /// Queues the email.
    ///
    /// - Throws: an error when the email could not be queued (the route answers 503 `EMAIL_UNAVAILABLE`).
    func send(_ email: OutgoingEmail, requestID: String) async throws
}

/// The body of `POST /api/v1/internal/emails` (contract C1).
struct OutgoingEmail: Sendable, Encodable {
    var to: String
    var subject: String
    var text: String
    var html: String?
    var category: String
    var sensitive: Bool
    var idempotencyKey: String?
}

/// ``MagicLinkMailer`` over the messaging service's internal API, calling as service `auth`.
struct MessagingMagicLinkMailer: MagicLinkMailer {
    let client: InternalServiceClient

    private struct Queued: Decodable {
        var id: String
        var status: String
    }

    func send(_ email: OutgoingEmail, requestID: String) async throws {
        let _: Queued = try await client.json(
            .post,
            "/api/v1/internal/emails",
            body: email,
            as: .service("auth"),
            requestID: requestID
        )
    }
}
