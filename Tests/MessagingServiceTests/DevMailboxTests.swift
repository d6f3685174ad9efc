import Foundation
import LogKit
import MessagingService
import Postgres
import ServiceIdentity
import TestSupport
import Testing

@Suite(.enabled(if: PostgresTestEnvironment.isEnabled, "needs PostgreSQL: scripts/with-postgres.sh swift test"))
struct DevMailboxTests {
    @Test func withoutSMTPEmailsLandInTheDevMailboxAndLogsHoldNothingSensitive() async throws {
        let mailbox = temporaryMailbox()
        defer { try? FileManager.default.removeItem(at: mailbox) }
        let logs = InMemoryLogHandler()
        try await LiveService.withService(
            name: "messaging",
            database: true,
            settings: fastRetries.merging(["MESSAGING_DEV_MAILBOX_DIR": mailbox.path]) { $1 },
            logger: Logger(label: "messaging", level: .trace, handler: logs),
            build: MessagingService.make
        ) { service in
            let sensitive = try accepted(
                try await service.sendEmail(
                    emailJSON(to: "secret.person@example.com", subject: "Magic subject 42", text: "token tok_SECRET123")
                )
            ).id
            let receipt = try accepted(
                try await service.sendEmail(
                    emailJSON(
                        to: "buyer@shop.example",
                        subject: "Receipt",
                        text: "Thanks for 49.99",
                        category: "receipt",
                        sensitive: false
                    )
                )
            ).id
            #expect(try await service.waitForEmail(sensitive) { $0.status == "sent" }?.attempts == 1)
            #expect(try await service.waitForEmail(receipt) { $0.status == "sent" }?.attempts == 1)

            let files = mailboxFiles(mailbox)
            #expect(files.count == 2)
            let contents = try files.map { try String(contentsOfFile: $0, encoding: .utf8) }
            let magic = try #require(contents.first { $0.contains("Message-ID: <\(sensitive)@paylinks.local>") })
            #expect(magic.contains("To: secret.person@example.com\r\n"))
            #expect(magic.contains("Subject: Magic subject 42\r\n"))
            #expect(magic.contains("token tok_SECRET123"))
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: mailbox.appendingPathComponent("tmp").path).isEmpty
            )

            let postgres = try #require(service.postgres)
            let rows = try await postgres.query(
                "SELECT id::text, text_body FROM messaging.emails ORDER BY id"
            ).decode((String, String?).self)
            let bodies = Dictionary(uniqueKeysWithValues: rows.map { ($0.0, $0.1) })
            #expect(bodies[sensitive] == .some(nil))
            #expect(bodies[receipt] == "Thanks for 49.99")

            let records = logs.records
            let delivered = records.filter { $0.message == "email delivered" }
            #expect(delivered.count == 2)
            let magicLine = try #require(delivered.first { $0.metadata["email.id"] == sensitive })
            #expect(magicLine.metadata["email.category"] == "magic_link")
            #expect(magicLine.metadata["email.recipient_domain"] == "example.com")
            #expect(magicLine.metadata["email.transport"] == "dev-mailbox")
            #expect(files.contains(magicLine.metadata["mailbox.file"] ?? "-"))
            for record in records {
                let text = ([record.message] + record.metadata.map { "\($0.key)=\($0.value)" }).joined(separator: " ")
                for secret in ["tok_SECRET123", "Magic subject", "secret.person", "Thanks for", "Receipt"] {
                    #expect(!text.contains(secret), "log record leaks \(secret): \(record.message)")
                }
            }
        }
    }
}
