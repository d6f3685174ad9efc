import Foundation
import HTTPCore
import LogKit
import MessagingService
import Postgres
import ServiceIdentity
import ServiceRuntime
import TestSupport

/// Helpers for driving the messaging service over HTTP in tests.
extension LiveService {
    /// `POST /api/v1/internal/emails` with a JSON body.
    func sendEmail(_ json: String, as identity: CallerIdentity? = .service("auth")) async throws -> HTTPTestResponse {
        try await request(
            "POST",
            "/api/v1/internal/emails",
            as: identity,
            headers: [("Content-Type", "application/json")],
            body: Array(json.utf8)
        )
    }

    /// `GET /api/v1/internal/emails/{id}` decoded.
    func emailStatus(_ id: String) async throws -> EmailStatusBody? {
        let response = try await request("GET", "/api/v1/internal/emails/\(id)", as: .service("auth"))
        guard response.status == 200 else { return nil }
        return try JSONDecoder().decode(EmailStatusBody.self, from: Data(response.body))
    }

    /// Polls the email's status until `condition` holds (at most `timeout`).
    func waitForEmail(
        _ id: String,
        timeout: Duration = .seconds(20),
        until condition: (EmailStatusBody) -> Bool
    ) async throws -> EmailStatusBody? {
        let deadline = ContinuousClock.now + timeout
        var last: EmailStatusBody?
        while ContinuousClock.now < deadline {
            last = try await emailStatus(id)
            if let last, condition(last) { return last }
            try await Task.sleep(for: .milliseconds(50))
        }
        return last
    }
}

struct EmailStatusBody: Decodable, Equatable {
    var id: String
    var status: String
    var attempts: Int
    var lastError: String?
}

struct AcceptedBody: Decodable {
    var id: String
    var status: String
}

func accepted(_ response: HTTPTestResponse) throws -> AcceptedBody {
    try JSONDecoder().decode(AcceptedBody.self, from: Data(response.body))
}

func emailJSON(
    to: String = "ana@example.com",
    subject: String = "Your sign-in link",
    text: String = "Sign in: https://paylinks.local/auth/magic?token=tok_SECRET123",
    category: String = "magic_link",
    sensitive: Bool = true,
    idempotencyKey: String? = nil
) -> String {
    var object: [String: Any] = [
        "to": to, "subject": subject, "text": text, "category": category, "sensitive": sensitive,
    ]
    if let idempotencyKey { object["idempotencyKey"] = idempotencyKey }
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
}

/// A fresh temporary directory for a dev mailbox.
func temporaryMailbox() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("paylinks-mailbox-\(UUID().uuidString)")
}

func mailboxFiles(_ directory: URL) -> [String] {
    let new = directory.appendingPathComponent("new")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: new.path)) ?? []
    return names.sorted().map { new.appendingPathComponent($0).path }
}

/// Settings that make retries quick in tests.
let fastRetries = [
    "MESSAGING_MAIL_POLL_INTERVAL": "50ms",
    "MESSAGING_MAIL_RETRY_BASE": "200ms",
    "MESSAGING_MAIL_RETRY_CAP": "400ms",
    "MESSAGING_MAIL_RETRY_JITTER": "false",
]

/// Settings that point messaging at `peer` (with `password` instead of the peer's, to be refused).
func smtpSettings(_ peer: SMTPTestPeer, password: String? = nil) -> [String: String] {
    fastRetries.merging([
        "MESSAGING_SMTP_URL": peer.url,
        "MESSAGING_SMTP_USERNAME": peer.username,
        "MESSAGING_SMTP_PASSWORD": password ?? peer.password,
        "MESSAGING_SMTP_CA_FILE": peer.certificatePath,
        "MESSAGING_SMTP_TIMEOUT": "10s",
    ]) { $1 }
}
