import Foundation
import LogKit
import MessagingService
import Postgres
import ServiceIdentity
import TestSupport
import Testing

@Suite(
    .serialized,
    .enabled(if: PostgresTestEnvironment.isEnabled, "needs PostgreSQL: scripts/with-postgres.sh swift test")
)
struct InternalEmailTests {
    @Test func aQueuedEmailIsDeliveredOverSTARTTLSWithAuthAndItsSensitiveBodyErased() async throws {
        let peer = try await SMTPTestPeer.start()
        defer { peer.stop() }
        try await LiveService.withService(
            name: "messaging",
            database: true,
            settings: smtpSettings(peer),
            build: MessagingService.make
        ) { service in
            let response = try await service.sendEmail(
                emailJSON(
                    subject: "Conectare la PayLinks ✓",
                    text: "Bună!\n.dot line\nhttps://x.test/m?t=tok_SECRET123"
                )
            )
            #expect(response.status == 202)
            let body = try accepted(response)
            #expect(body.status == "queued")
            #expect(body.id.count == 36 && body.id == body.id.lowercased())
            let mail = try #require(try await peer.waitForMessages(count: 1).first)
            #expect(mail.tls && mail.login == peer.username)
            #expect(mail.recipients == ["ana@example.com"])
            #expect(mail.mailFrom == "no-reply@paylinks.local")
            #expect(mail.fromHeader == "PayLinks <no-reply@paylinks.local>")
            #expect(mail.subject == "Conectare la PayLinks ✓")
            #expect(mail.text == "Bună!\n.dot line\nhttps://x.test/m?t=tok_SECRET123\n")
            #expect(mail.messageID == "<\(body.id)@paylinks.local>")
            let status = try await service.waitForEmail(body.id) { $0.status == "sent" }
            #expect(status == EmailStatusBody(id: body.id, status: "sent", attempts: 1, lastError: nil))
            let postgres = try #require(service.postgres)
            let row = try #require(
                try await postgres.query(
                    "SELECT text_body, html_body, subject, sent_at IS NOT NULL FROM messaging.emails WHERE id = \(body.id)::uuid"
                ).first
            )
            let (text, html, subject, hasSentAt) = try row.decode((String?, String?, String, Bool).self)
            #expect(text == nil && html == nil)
            #expect(subject == "Conectare la PayLinks ✓")
            #expect(hasSentAt)
        }
    }

    @Test func smtpDownAtFirstThenUpOnTheSamePortDeliversAfterARetry() async throws {
        let certificates = temporaryMailbox().path
        defer { try? FileManager.default.removeItem(atPath: certificates) }
        let first = try await SMTPTestPeer.start(certificateDirectory: certificates)
        first.stop()
        try await LiveService.withService(
            name: "messaging",
            database: true,
            settings: smtpSettings(first),
            build: MessagingService.make
        ) { service in
            let id = try accepted(try await service.sendEmail(emailJSON(sensitive: false))).id
            let failing = try await service.waitForEmail(id) { $0.attempts >= 1 && $0.lastError != nil }
            #expect(failing?.status == "queued")
            #expect(failing?.lastError?.hasPrefix("connectionFailed") == true)
            let second = try await SMTPTestPeer.start(port: first.port, certificateDirectory: certificates)
            defer { second.stop() }
            let status = try await service.waitForEmail(id) { $0.status == "sent" }
            #expect(status?.status == "sent")
            #expect((status?.attempts ?? 0) >= 2)
            #expect(status?.lastError == nil)
            let mail = try #require(try await second.waitForMessages(count: 1).first)
            #expect(mail.subject == "Your sign-in link")
            #expect(mail.text?.contains("tok_SECRET123") == true)
        }
    }

    @Test func anEmailThatNeverGetsThroughEndsFailedAfterMaxAttempts() async throws {
        let peer = try await SMTPTestPeer.start()
        defer { peer.stop() }
        // A wrong password: every attempt is refused.
        var settings = smtpSettings(peer, password: "not-the-password")
        settings["MESSAGING_MAIL_MAX_ATTEMPTS"] = "2"
        try await LiveService.withService(
            name: "messaging",
            database: true,
            settings: settings,
            build: MessagingService.make
        ) { service in
            let id = try accepted(try await service.sendEmail(emailJSON())).id
            let status = try await service.waitForEmail(id) { $0.status == "failed" }
            #expect(status?.status == "failed")
            #expect(status?.attempts == 2)
            #expect(status?.lastError?.hasPrefix("authenticationFailed") == true)
            #expect(status?.lastError?.contains("not-the-password") == false)
            #expect(peer.messages().isEmpty)
            // The failed sensitive email's body is not kept either.
            let postgres = try #require(service.postgres)
            let rows = try await postgres.query("SELECT text_body FROM messaging.emails WHERE id = \(id)::uuid")
            let text = try #require(rows.first).decode(String?.self)
            #expect(text == nil)
        }
    }

    @Test func aRecipientTheServerRefusesForGoodFailsAtOnceWithoutRetries() async throws {
        let peer = try await SMTPTestPeer.start()
        defer { peer.stop() }
        var settings = smtpSettings(peer)
        settings["MESSAGING_MAIL_MAX_ATTEMPTS"] = "5"
        try await LiveService.withService(
            name: "messaging",
            database: true,
            settings: settings,
            build: MessagingService.make
        ) { service in
            let id = try accepted(try await service.sendEmail(emailJSON(to: "rejected-ana@example.com"))).id
            let status = try await service.waitForEmail(id) { $0.status == "failed" }
            #expect(status?.status == "failed", "a 550 is final")
            #expect(status?.attempts == 1, "no retry after a permanent refusal")
            #expect(status?.lastError?.contains("550") == true, "\(status?.lastError ?? "")")
            #expect(peer.messages().isEmpty)
        }
    }

    @Test func theSameIdempotencyKeyGivesTheSameIdAndOneEmail() async throws {
        let mailbox = temporaryMailbox()
        defer { try? FileManager.default.removeItem(at: mailbox) }
        try await LiveService.withService(
            name: "messaging",
            database: true,
            settings: fastRetries.merging(["MESSAGING_DEV_MAILBOX_DIR": mailbox.path]) { $1 },
            build: MessagingService.make
        ) { service in
            let json = emailJSON(idempotencyKey: "magic-link:user-1:abc")
            let first = try await service.sendEmail(json)
            let second = try await service.sendEmail(json)
            #expect(first.status == 202 && second.status == 202)
            let id = try accepted(first).id
            #expect(try accepted(second).id == id)
            _ = try await service.waitForEmail(id) { $0.status == "sent" }
            // A third request after delivery is still the same email.
            #expect(try accepted(try await service.sendEmail(json)).id == id)
            let conflicting = try await service.sendEmail(
                emailJSON(to: "someone.else@example.com", idempotencyKey: "magic-link:user-1:abc")
            )
            #expect(conflicting.status == 409)
            #expect(conflicting.bodyText.contains(#""code":"CONFLICT""#))
            try await Task.sleep(for: .milliseconds(300))
            #expect(mailboxFiles(mailbox).count == 1)
            let postgres = try #require(service.postgres)
            let counts = try await postgres.query(
                "SELECT (SELECT count(*) FROM messaging.emails)::bigint, (SELECT count(*) FROM messaging.jobs)::bigint"
            )
            let (emails, jobs) = try #require(counts.first).decode((Int, Int).self)
            #expect(emails == 1 && jobs == 1)
        }
    }

    @Test func onlyServicesMaySendOrRead() async throws {
        try await LiveService.withService(
            name: "messaging",
            database: true,
            settings: ["MESSAGING_DEV_MAILBOX_DIR": temporaryMailbox().path],
            build: MessagingService.make
        ) { service in
            let user = CallerIdentity(userID: "0190f0a0-0000-7000-8000-000000000001", role: .user)
            let admin = CallerIdentity(userID: "0190f0a0-0000-7000-8000-000000000002", role: .admin)
            for identity in [user, admin, CallerIdentity.anonymous] {
                let response = try await service.sendEmail(emailJSON(), as: identity)
                #expect(response.status == 403)
                #expect(response.bodyText.contains(#""code":"FORBIDDEN""#))
            }
            #expect(try await service.sendEmail(emailJSON(), as: nil).status == 401)
            let id = try accepted(try await service.sendEmail(emailJSON())).id
            #expect(try await service.request("GET", "/api/v1/internal/emails/\(id)", as: user).status == 403)
            #expect(try await service.request("GET", "/api/v1/internal/emails/\(id)", as: nil).status == 401)
            let unknown = "0190f0a0-0000-7000-8000-0000000000ff"
            #expect(
                try await service.request("GET", "/api/v1/internal/emails/\(unknown)", as: .service("auth")).status
                    == 404
            )
            #expect(
                try await service.request("GET", "/api/v1/internal/emails/not-a-uuid", as: .service("auth")).status
                    == 404
            )
        }
    }

    static let invalidBodies: [(String, String)] = [
        (#"{"subject":"s","text":"t","category":"magic_link"}"#, "to "),
        (emailJSON(to: "not-an-address"), "to "),
        (emailJSON(to: "a@b.co, c@d.co"), "to "),
        (emailJSON(to: "a@b.co\r\nBcc: x@y.co"), "to "),
        (emailJSON(to: String(repeating: "a", count: 60) + "@" + String(repeating: "b.", count: 100) + "co"), "to "),
        (#"{"to":"a@b.co","text":"t","category":"magic_link"}"#, "subject"),
        (emailJSON(subject: ""), "subject"),
        (emailJSON(subject: String(repeating: "s", count: 201)), "subject"),
        (emailJSON(subject: "Hi\r\nBcc: victim@example.com"), "subject"),
        (emailJSON(text: ""), "text"),
        (emailJSON(text: String(repeating: "x", count: 100 * 1024 + 1)), "text"),
        (
            #"{"to":"a@b.co","subject":"s","text":"t","html":"\#(String(repeating: "h", count: 200 * 1024 + 1))","category":"x"}"#,
            "html"
        ),
        (emailJSON(category: ""), "category"),
        (emailJSON(category: "Magic-Link"), "category"),
        (emailJSON(category: String(repeating: "a", count: 41)), "category"),
        (emailJSON(idempotencyKey: String(repeating: "k", count: 129)), "idempotencyKey"),
        (emailJSON(idempotencyKey: "has space"), "idempotencyKey"),
        (#"{"to":"a@b.co","subject":"s","text":"t","category":"x","sensitive":"yes"}"#, "sensitive"),
    ]

    @Test func validationErrorsNameTheField() async throws {
        try await LiveService.withService(
            name: "messaging",
            database: true,
            settings: ["MESSAGING_DEV_MAILBOX_DIR": temporaryMailbox().path],
            build: MessagingService.make
        ) { service in
            for (body, field) in Self.invalidBodies {
                let response = try await service.sendEmail(body)
                #expect(response.status == 400, "\(field): \(response.bodyText.prefix(200))")
                #expect(response.bodyText.contains(#""code":"VALIDATION_ERROR""#), "\(field)")
                #expect(response.bodyText.contains(field), "\(field): \(response.bodyText.prefix(200))")
            }
            let malformed = try await service.sendEmail("{not json")
            #expect(malformed.status == 400)
            #expect(malformed.bodyText.contains("INVALID_JSON"))
            let postgres = try #require(service.postgres)
            let count = try #require(try await postgres.query("SELECT count(*)::bigint FROM messaging.emails").first)
            #expect(try count.decode(Int.self) == 0)
        }
    }
}
