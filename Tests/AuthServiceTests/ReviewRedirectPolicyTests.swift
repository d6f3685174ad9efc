import Foundation
import TestSupport
import Testing

/// Review: `redirectTo` against hostile spellings of the allowed origins, on both routes that take it.
@Suite(
    .serialized,
    .enabled(if: PostgresTestEnvironment.isEnabled, "needs PostgreSQL: scripts/with-postgres.sh swift test")
)
struct ReviewRedirectPolicyTests {
    static let settings = [
        "AUTH_ALLOWED_REDIRECT_ORIGINS": "http://localhost:8080,https://app.example.com",
        "AUTH_MAGIC_LINK_PER_EMAIL_LIMIT": "1000",
    ]

    static let hostile = [
        "https://localhost:8080.evil.com/",
        "http://localhost:8080.evil.com/",
        "http://localhost:8080@evil.com/",
        "http://evil.com@localhost:8080/",
        "http://localhost%3A8080@evil.com/",
        "http://localhost:8080\\@evil.com/",
        "http:\\\\evil.com",
        "http:/\\evil.com",
        "//evil.com",
        "//app.example.com/x",
        "/\\evil.com",
        "https:evil.com",
        "https:/app.example.com",
        "https://app.example.com.evil.com/",
        "https://evil.com\\.app.example.com/",
        "https://evil.com#@app.example.com/",
        "https://evil.com?@app.example.com/",
        "https://evil.com;@app.example.com/",
        "https://app.example.com:444/",
        "http://app.example.com/",
        "https://\u{0430}pp.example.com/",
        "https://app.example.com%2eevil.com/",
        "https://app.example.com%00.evil.com/",
        "https://xn--pp-8cd.example.com/",
        " https://app.example.com/",
        "https://app.example.com/\t",
        "https://app.example.com/\r\nSet-Cookie: a=b",
        "javascript:alert(1)//https://app.example.com",
        "data:text/html,https://app.example.com",
        "https://app.example.com/#x",
        "https://[::1]:8080/",
        "http://127.0.0.1:8080/",
        "http://localhost:80800/",
        "https://app.example.com:443:443/",
        "https://app.example.com.:443/",
    ]

    static let allowed = [
        "HTTPS://APP.EXAMPLE.COM/welcome",
        "https://app.example.com:443/x?y=1",
        "http://localhost:8080/after",
        "http://LocalHost:8080",
    ]

    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    @Test func hostileRedirectsAreRefusedOnRequestAndVerify() async throws {
        try await AuthFixture.run(settings: Self.settings) { fixture in
            for (index, redirect) in Self.hostile.enumerated() {
                let body = try JSONSerialization.data(withJSONObject: [
                    "email": "r\(index)@example.com", "redirectTo": redirect,
                ])
                let request = try await fixture.send(
                    "POST",
                    "/api/v1/auth/request",
                    json: String(decoding: body, as: UTF8.self)
                )
                #expect(request.status == 400, "request \(redirect): \(request.bodyText)")
                #expect(errorCode(request) == "INVALID_REDIRECT", "request \(redirect)")
                let verify = try await fixture.send(
                    "GET",
                    "/api/v1/auth/verify?token=abc&redirectTo=\(Self.encode(redirect))"
                )
                #expect(verify.status == 400, "verify \(redirect): \(verify.bodyText)")
                #expect(errorCode(verify) == "INVALID_REDIRECT", "verify \(redirect)")
                #expect(verify.header("Location") == nil)
            }
            #expect(fixture.mail.emails.isEmpty)
        }
    }

    @Test func allowedSpellingsOfAnAllowedOriginWork() async throws {
        try await AuthFixture.run(settings: Self.settings) { fixture in
            for (index, redirect) in Self.allowed.enumerated() {
                let email = "ok\(index)@example.com"
                let token = try await fixture.requestMagicLink(email, redirectTo: redirect)
                let link = try #require(fixture.mail.emails(to: email).last?.link)
                #expect(link.hasPrefix(redirect), "\(link)")
                let verify = try await fixture.send(
                    "GET",
                    "/api/v1/auth/verify?token=\(token)&redirectTo=\(Self.encode(redirect))"
                )
                #expect(verify.status == 302, "\(redirect): \(verify.bodyText)")
                #expect(verify.header("Location")?.hasPrefix(redirect + "#token=") == true)
            }
        }
    }
}
