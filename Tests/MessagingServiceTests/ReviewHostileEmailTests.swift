import Foundation
import MessagingService
import ServiceIdentity
import TestSupport
import Testing

/// Review regressions: hostile contract C1 bodies get a 400 naming the field, never a 500.
@Suite(
    .serialized,
    .enabled(if: PostgresTestEnvironment.isEnabled, "needs PostgreSQL: scripts/with-postgres.sh swift test")
)
struct ReviewHostileEmailTests {
    private static func body(subject: String = "Hello", text: String = "Hi", html: String? = nil) -> String {
        var object: [String: Any] = [
            "to": "ana@example.com", "subject": subject, "text": text, "category": "magic_link", "sensitive": true,
        ]
        if let html { object["html"] = html }
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    private static func message(_ response: HTTPTestResponse) -> String {
        let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        return ((object?["error"] as? [String: Any])?["message"] as? String) ?? ""
    }

    /// 200 characters as Swift counts them (grapheme clusters) are 400 code points, which the column's
    /// `length(subject) <= 200` check refuses: that was a constraint violation, a 500.
    @Test func aSubjectOfCombiningCharactersOverTheLimitIsA400() async throws {
        try await LiveService.withService(name: "messaging", database: true, build: MessagingService.make) {
            service in
            let subject = String(repeating: "e\u{301}", count: 200)
            let response = try await service.sendEmail(Self.body(subject: subject))
            #expect(response.status == 400, "\(response.bodyText)")
            #expect(Self.message(response).contains("subject"))
            // 200 code points is still fine.
            let ok = try await service.sendEmail(Self.body(subject: String(repeating: "é", count: 200)))
            #expect(ok.status == 202, "\(ok.bodyText)")
        }
    }

    /// PostgreSQL `text` cannot hold NUL: a body with one was a 500.
    @Test func aBodyWithANulCharacterIsA400() async throws {
        try await LiveService.withService(name: "messaging", database: true, build: MessagingService.make) {
            service in
            let text = try await service.sendEmail(Self.body(text: "a\u{0}b"))
            #expect(text.status == 400, "\(text.bodyText)")
            #expect(Self.message(text).contains("text"))
            let html = try await service.sendEmail(Self.body(html: "<p>a\u{0}b</p>"))
            #expect(html.status == 400, "\(html.bodyText)")
            #expect(Self.message(html).contains("html"))
        }
    }

    @Test func hostileBodiesNeverAnswer500() async throws {
        try await LiveService.withService(name: "messaging", database: true, build: MessagingService.make) {
            service in
            let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
            let bodies = [
                "", "null", "[]", "{", deep, #"{"to":"a@b.co\u0000"}"#, #"{"to":["a@b.co"]}"#,
                Self.body(subject: "a\r\nBcc: x@evil.com"), Self.body(subject: "a\u{0}b"),
                Self.body(subject: String(repeating: "\u{1F469}\u{200D}\u{1F4BB}", count: 100)),
                #"{"to":"ana@example.com","subject":"s","text":"t","category":"magic_link","sensitive":"yes"}"#,
                #"{"to":"ana@example.com","subject":"s","text":"t","category":"x","idempotencyKey":"\u0000"}"#,
            ]
            for body in bodies {
                let response = try await service.sendEmail(body)
                #expect(response.status == 400, "\(body.prefix(60)): \(response.bodyText)")
            }
            let status = try await service.request("GET", "/api/v1/internal/emails/%00", as: .service("auth"))
            #expect(status.status == 404)
        }
    }
}
