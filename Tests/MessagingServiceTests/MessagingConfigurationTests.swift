import ConfigKit
import Foundation
import JobQueue
import MailKit
import MessagingService
import Testing

struct MessagingConfigurationTests {
    @Test func defaultsUseTheDevMailbox() throws {
        let configuration = try MessagingConfiguration(reader: ConfigReader(values: [:]))
        guard case .devMailbox(let directory) = configuration.transport else {
            Issue.record("expected the dev mailbox")
            return
        }
        #expect(directory.path.hasSuffix(".data/mailbox"))
        #expect(configuration.from.name == "PayLinks")
        #expect(configuration.from.address.address == "no-reply@paylinks.local")
        #expect(configuration.maxAttempts == 10)
        #expect(configuration.worker.retry.base == .seconds(1))
        #expect(configuration.worker.retry.cap == .seconds(300))
    }

    @Test func smtpSettings() throws {
        let configuration = try MessagingConfiguration(
            reader: ConfigReader(values: [
                "MESSAGING_SMTP_URL": "smtp://mail.example.com:587",
                "MESSAGING_SMTP_USERNAME": "apikey",
                "MESSAGING_SMTP_PASSWORD": "pw",
                "MESSAGING_SMTP_TIMEOUT": "5s",
                "MESSAGING_SMTP_FROM": "Shop <shop@example.com>",
                "MESSAGING_MAIL_MAX_ATTEMPTS": "3",
            ])
        )
        guard case .smtp(let smtp) = configuration.transport else {
            Issue.record("expected SMTP")
            return
        }
        #expect(smtp.security == .startTLS)
        #expect(smtp.username == "apikey")
        #expect(smtp.password == "pw")
        #expect(smtp.timeout == .seconds(5))
        #expect(configuration.from.address.address == "shop@example.com")
        #expect(configuration.maxAttempts == 3)
        let plain = try MessagingConfiguration(
            reader: ConfigReader(values: [
                "MESSAGING_SMTP_URL": "smtp://127.0.0.1:25", "MESSAGING_SMTP_STARTTLS": "off",
            ])
        )
        guard case .smtp(let relay) = plain.transport else { return }
        #expect(relay.security == SMTPConfiguration.Security.none)
    }

    @Test(arguments: [
        ["MESSAGING_SMTP_URL": "http://x:25"],
        ["MESSAGING_SMTP_URL": "smtp://x:25", "MESSAGING_SMTP_STARTTLS": "maybe"],
        ["MESSAGING_SMTP_FROM": "not an address"],
        ["MESSAGING_MAIL_MAX_ATTEMPTS": "0"],
        ["MESSAGING_MAIL_RETRY_BASE": "soon"],
        ["MESSAGING_SMTP_URL": "smtp://x:25", "MESSAGING_SMTP_CA_FILE": "/nonexistent/ca.pem"],
    ])
    func invalidSettingsNameTheirKey(values: [String: String]) {
        #expect {
            _ = try MessagingConfiguration(reader: ConfigReader(values: values))
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return values.keys.contains { "\(error)".contains($0) }
        }
    }
}
