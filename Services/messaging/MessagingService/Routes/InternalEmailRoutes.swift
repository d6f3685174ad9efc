import Cryptography
import HTTPCore
import HTTPRouter
import MailKit
import ServiceIdentity
import ServiceRuntime

/// Contract C1: `POST /internal/emails` and `GET /internal/emails/{id}`, for other services only (role
/// SERVICE; anyone else gets 403).
struct InternalEmailRoutes: Sendable {
    let repository: EmailRepository

    func register(on api: RouterGroup<ServiceRequestContext>) {
        api.post("/internal/emails") { request, context in
            let caller = try context.requireService("Only PayLinks services may send email")
            let email = try request.decode(as: SendEmailRequest.self).validated(requestedBy: caller)
            switch try await repository.enqueue(email) {
            case .created(let id), .existing(let id):
                return EditedResponse(status: .accepted, json: ["id": id, "status": "queued"])
            case .conflict:
                throw HTTPError(
                    .conflict,
                    code: .conflict,
                    message: "idempotencyKey was already used for a different email"
                )
            }
        }
        api.get("/internal/emails/{id}") { _, context in
            try context.requireService("Only PayLinks services may send email")
            let id = try context.parameters.require("id")
            guard UUIDv7.isCanonical(id), let status = try await repository.status(id: id) else {
                throw HTTPError(.notFound, code: .notFound, message: "Email not found")
            }
            return EncodableResponse(status)
        }
    }
}

/// The body of `POST /internal/emails`; every field optional here so validation can name what is missing.
struct SendEmailRequest: Decodable {
    var to: String?
    var subject: String?
    var text: String?
    var html: String?
    var category: String?
    var sensitive: Bool?
    var idempotencyKey: String?

    static let maxTextBytes = 100 * 1024
    static let maxHTMLBytes = 200 * 1024

    /// Checks every field; the first problem is a 400 `VALIDATION_ERROR` naming the field.
    func validated(requestedBy caller: String) throws -> NewEmail {
        guard let to, to.utf8.count <= 254, EmailAddress.isValid(to) else {
            throw HTTPError.validation("to must be one valid email address (at most 254 characters)")
        }
        guard let subject, !subject.isEmpty else { throw HTTPError.validation("subject is required") }
        // Counted in code points, as the column's `length(subject) <= 200` check counts them.
        guard subject.unicodeScalars.count <= 200 else {
            throw HTTPError.validation("subject must be at most 200 characters")
        }
        do {
            try HeaderValue.check(subject, field: "subject")
        } catch {
            throw HTTPError.validation("subject must not contain line breaks or control characters")
        }
        guard let text, !text.isEmpty else { throw HTTPError.validation("text is required") }
        guard text.utf8.count <= Self.maxTextBytes else { throw HTTPError.validation("text must be at most 100 KB") }
        // PostgreSQL text cannot hold NUL.
        guard !text.utf8.contains(0) else { throw HTTPError.validation("text must not contain NUL characters") }
        if let html, html.utf8.count > Self.maxHTMLBytes {
            throw HTTPError.validation("html must be at most 200 KB")
        }
        if let html, html.utf8.contains(0) { throw HTTPError.validation("html must not contain NUL characters") }
        guard let category, Self.isCategory(category) else {
            throw HTTPError.validation("category must be 1-40 lowercase letters or underscores, e.g. magic_link")
        }
        if let idempotencyKey {
            guard (1...128).contains(idempotencyKey.utf8.count),
                idempotencyKey.utf8.allSatisfy({ (0x21...0x7E).contains($0) })
            else {
                throw HTTPError.validation("idempotencyKey must be 1-128 printable ASCII characters")
            }
        }
        return NewEmail(
            to: to,
            subject: subject,
            text: text,
            html: html,
            category: category,
            sensitive: sensitive ?? false,
            idempotencyKey: idempotencyKey,
            requestedBy: caller
        )
    }

    private static func isCategory(_ text: String) -> Bool {
        (1...40).contains(text.utf8.count)
            && text.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || $0 == UInt8(ascii: "_") }
    }
}
