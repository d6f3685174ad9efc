import Foundation
import JobQueue
import LogKit
import MailKit

/// The delivery job's handler: loads a queued email, sends it (SMTP or the dev mailbox), records the
/// outcome. Logs one line per delivery with the email id, category and recipient domain only — never the
/// subject, body or full address (magic links are in bodies).
struct EmailDelivery: Sendable {
    struct Payload: Decodable {
        var emailId: String
    }

    let repository: EmailRepository
    let configuration: MessagingConfiguration
    let logger: Logger

    /// Runs one attempt of the delivery job.
    ///
    /// - Throws: the transport's error (the job is retried with backoff, or dead-lettered on its last attempt).
    func deliver(_ job: Job) async throws {
        let payload = try job.decodePayload(as: Payload.self)
        // Already sent or failed (a retried job after a crash): nothing to do.
        guard let email = try await repository.beginAttempt(id: payload.emailId) else { return }
        let domain = email.to.split(separator: "@").last.map(String.init) ?? ""
        var metadata = [
            "email.id": email.id, "email.category": email.category, "email.recipient_domain": domain,
            "email.attempt": "\(job.attempt)",
        ]
        do {
            guard let text = email.text else {
                throw DeliveryError(description: "the email's body was erased before delivery")
            }
            let message = try MailMessage(
                from: configuration.from,
                to: [Mailbox(address: EmailAddress(email.to))],
                subject: email.subject,
                text: text,
                html: email.html,
                messageID: "\(email.id)@\(configuration.from.address.domain)"
            )
            switch configuration.transport {
            case .smtp(let smtp):
                try await SMTPClient(configuration: smtp, logger: logger).send(message)
                metadata["email.transport"] = "smtp"
            case .devMailbox(let directory):
                let path = try await Maildir(directory: directory).deliver(message.render())
                metadata["email.transport"] = "dev-mailbox"
                metadata["mailbox.file"] = path
            }
        } catch {
            let description = "\(error)"
            let permanent = Self.isPermanent(error)
            try await repository.markFailed(id: email.id, error: description, final: job.isLastAttempt || permanent)
            metadata[LogKeys.error] = description
            if permanent {
                // Retrying cannot help (the server refused the recipient for good, the message cannot be
                // built): the email is failed now and the job ends without a retry.
                logger.warning("email failed permanently", metadata: metadata)
                return
            }
            logger.warning(job.isLastAttempt ? "email failed" : "email delivery failed; will retry", metadata: metadata)
            throw error
        }
        try await repository.markSent(id: email.id)
        logger.info("email delivered", metadata: metadata)
    }
}

extension EmailDelivery {
    /// Whether `error` means no later attempt can succeed: a 5xx refusal of the recipient or message, an
    /// address or header the message cannot carry, or a body already erased. Connection problems, timeouts,
    /// 4xx replies and authentication failures (an operator may fix the credentials) are retried.
    static func isPermanent(_ error: any Error) -> Bool {
        if error is DeliveryError { return true }
        guard let smtp = error as? SMTPError else { return false }
        switch smtp.code {
        case .invalidAddress, .headerInjection: return true
        case .rejected: return smtp.replyCode.map { (500..<600).contains($0) } ?? false
        default: return false
        }
    }
}

/// A delivery that cannot happen.
struct DeliveryError: Error, CustomStringConvertible {
    var description: String
}
