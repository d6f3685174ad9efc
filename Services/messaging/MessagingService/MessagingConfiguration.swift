package import ConfigKit
package import Foundation
package import JobQueue
package import MailKit

/// The messaging service's own settings: how email leaves (SMTP or the dev mailbox) and how delivery retries.
package struct MessagingConfiguration: Sendable {
    /// Where mail goes.
    package enum Transport: Sendable {
        /// An SMTP server.
        case smtp(SMTPConfiguration)
        /// A Maildir on local disk (development and `make run`).
        case devMailbox(URL)
    }

    /// SMTP or the dev mailbox.
    package var transport: Transport
    /// The sender of every email.
    package var from: Mailbox
    /// Delivery attempts before an email is `failed`. Default 10.
    package var maxAttempts: Int
    /// The delivery worker's settings (backoff, polling, concurrency).
    package var worker: JobWorkerConfiguration

    /// Creates a configuration.
    package init(transport: Transport, from: Mailbox, maxAttempts: Int, worker: JobWorkerConfiguration) {
        self.transport = transport
        self.from = from
        self.maxAttempts = maxAttempts
        self.worker = worker
    }
}

extension MessagingConfiguration {
    /// Reads the configuration.
    ///
    /// | key | type | default |
    /// |---|---|---|
    /// | `MESSAGING_SMTP_URL` | `smtp://host:port` or `smtps://host:port` | unset: the dev mailbox is used |
    /// | `MESSAGING_SMTP_USERNAME` | text | unset (no AUTH) |
    /// | `MESSAGING_SMTP_PASSWORD` | text (secret) | unset |
    /// | `MESSAGING_SMTP_STARTTLS` | `required` \| `off` (for `smtp://`) | `required` |
    /// | `MESSAGING_SMTP_CA_FILE` | PEM path | the system's CAs |
    /// | `MESSAGING_SMTP_FROM` | `Name <address>` | `PayLinks <no-reply@paylinks.local>` |
    /// | `MESSAGING_SMTP_TIMEOUT` | duration | `30s` |
    /// | `MESSAGING_DEV_MAILBOX_DIR` | directory | `.data/mailbox` |
    /// | `MESSAGING_MAIL_MAX_ATTEMPTS` | 1–100 | 10 |
    /// | `MESSAGING_MAIL_RETRY_BASE` | duration | `1s` |
    /// | `MESSAGING_MAIL_RETRY_CAP` | duration | `5m` |
    /// | `MESSAGING_MAIL_RETRY_JITTER` | bool | `true` |
    /// | `MESSAGING_MAIL_POLL_INTERVAL` | duration | `1s` |
    /// | `MESSAGING_MAIL_CONCURRENCY` | 1–32 | 4 |
    ///
    /// - Throws: ``ConfigError`` naming the first invalid key.
    package init(reader: ConfigReader) throws(ConfigError) {
        let root = reader.scoped("MESSAGING")
        let smtp = root.scoped("SMTP")
        let mail = root.scoped("MAIL")
        let fromText = smtp.string("FROM", default: "PayLinks <no-reply@paylinks.local>")
        let from: Mailbox
        do {
            from = try Mailbox(parsing: fromText)
        } catch {
            throw ConfigError(key: smtp.fullKey("FROM"), problem: "must be an address or Name <address> (\(error))")
        }
        let transport: Transport
        if let url = smtp.optionalString("URL") {
            let caFile = smtp.optionalString("CA_FILE")
            if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
                throw ConfigError(key: smtp.fullKey("CA_FILE"), problem: "is not a readable file (\(caFile))")
            }
            let startTLS = smtp.optionalString("STARTTLS")?.lowercased()
            let security: SMTPConfiguration.Security?
            switch startTLS {
            case nil: security = nil
            case "required": security = .startTLS
            case "off": security = SMTPConfiguration.Security.none
            default:
                throw ConfigError(
                    key: smtp.fullKey("STARTTLS"),
                    problem: "must be required or off (got \"\(startTLS!)\")"
                )
            }
            do {
                transport = .smtp(
                    try SMTPConfiguration(
                        url: url,
                        security: url.lowercased().hasPrefix("smtps://") ? nil : security,
                        username: smtp.optionalString("USERNAME"),
                        password: smtp.optionalString("PASSWORD", secret: true),
                        caFile: caFile,
                        timeout: try smtp.duration("TIMEOUT", default: .seconds(30))
                    )
                )
            } catch let error as ConfigError {
                throw error
            } catch {
                throw ConfigError(key: smtp.fullKey("URL"), problem: "\(error)")
            }
        } else {
            let directory = root.string("DEV_MAILBOX_DIR", default: ".data/mailbox")
            transport = .devMailbox(URL(fileURLWithPath: directory, isDirectory: true))
        }
        let retry = RetryPolicy(
            base: try mail.duration("RETRY_BASE", default: .seconds(1)),
            cap: try mail.duration("RETRY_CAP", default: .seconds(300)),
            jitter: try mail.bool("RETRY_JITTER", default: true)
        )
        self.init(
            transport: transport,
            from: from,
            maxAttempts: try mail.int("MAX_ATTEMPTS", default: 10, range: 1...100),
            worker: JobWorkerConfiguration(
                concurrency: try mail.int("CONCURRENCY", default: 4, range: 1...32),
                pollInterval: try mail.duration("POLL_INTERVAL", default: .seconds(1)),
                lease: .seconds(300),
                retry: retry
            )
        )
    }
}
