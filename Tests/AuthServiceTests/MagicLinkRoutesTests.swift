import Foundation
import JWT
import LogKit
import Postgres
import ServiceIdentity
import TestSupport
import Testing

@Suite(.enabled(if: PostgresTestEnvironment.isEnabled, "needs PostgreSQL: scripts/with-postgres.sh swift test"))
struct MagicLinkRoutesTests {
    @Test func aRequestedLinkSignsInOnceAndCreatesTheUser() async throws {
        try await AuthFixture.run { fixture in
            let response = try await fixture.send(
                "POST",
                "/api/v1/auth/request",
                json: #"{"email":" Ana@Example.COM "}"#
            )
            #expect(response.status == 200)
            #expect(response.bodyText == #"{"ok":true}"#)

            let email = try #require(fixture.mail.emails.first)
            #expect(fixture.mail.emails.count == 1)
            #expect(email.to == "ana@example.com")
            #expect(email.category == "magic_link")
            #expect(email.sensitive)
            #expect(email.callerRole == "SERVICE" && email.callerID == "auth")
            #expect(email.subject == "Your PayLinks sign-in link")
            #expect(email.text.contains("expires in 15 minutes"))
            let token = try #require(email.token)
            #expect(token.utf8.count == 43, "32 random bytes, base64url")
            #expect(email.link == "http://localhost:8080/api/v1/auth/verify?token=\(token)")
            let key = try #require(email.idempotencyKey)
            #expect(key.utf8.count == 64 && !key.contains(token))
            #expect(email.html?.contains("token=\(token)") == true)

            // Only the hash is stored.
            let postgres = try #require(fixture.auth.postgres)
            let stored = try await postgres.query("SELECT token_hash FROM auth.magic_link_tokens")
            #expect(stored.count == 1)
            #expect(try stored[0].decode([UInt8].self).count == 32)

            let verified = try await fixture.send("GET", "/api/v1/auth/verify?token=\(token)")
            #expect(verified.status == 200, "\(verified.bodyText)")
            let object = try json(verified)
            #expect(Set(object.keys) == ["token", "needsOnboarding"])
            #expect(object["needsOnboarding"] as? Bool == true)
            let claims = try AuthFixture.verify(try #require(object["token"] as? String))
            #expect(claims.role == .user)
            #expect(claims.tokenVersion == 0)
            #expect(claims.expiration.value - claims.issuedAt.value == 7 * 86_400)
            let userID = claims.subject.value
            #expect(UUIDText.isLowercaseUUIDv7(userID))

            let me = try await fixture.send("GET", "/api/v1/me", as: AuthFixture.user(userID))
            #expect(try json(me)["email"] as? String == "ana@example.com")

            // Single use.
            let reused = try await fixture.send("GET", "/api/v1/auth/verify?token=\(token)")
            #expect(reused.status == 400)
            #expect(errorCode(reused) == "INVALID_TOKEN")

            // A second sign-in (another spelling of the address) finds the same user.
            let again = try await fixture.signIn("ANA@example.com")
            #expect(again.userID == userID)
            let users = try await postgres.query("SELECT count(*)::bigint FROM auth.users")
            #expect(try users[0].decode(Int64.self) == 1)
        }
    }

    @Test func unknownUsedAndExpiredTokensAllAnswerTheSame400() async throws {
        try await AuthFixture.run { fixture in
            let unknown = try await fixture.send(
                "GET",
                "/api/v1/auth/verify?token=\(String(repeating: "A", count: 43))"
            )
            let used = try await fixture.requestMagicLink("used@example.com")
            _ = try await fixture.send("GET", "/api/v1/auth/verify?token=\(used)")
            let reused = try await fixture.send("GET", "/api/v1/auth/verify?token=\(used)")
            let expiring = try await fixture.requestMagicLink("late@example.com")
            let postgres = try #require(fixture.auth.postgres)
            try await postgres.execute(
                "UPDATE auth.magic_link_tokens SET expires_at = now() - interval '1 second' WHERE email = 'late@example.com'"
            )
            let expired = try await fixture.send("GET", "/api/v1/auth/verify?token=\(expiring)")
            let huge = try await fixture.send("GET", "/api/v1/auth/verify?token=\(String(repeating: "x", count: 4000))")
            for response in [unknown, reused, expired, huge] {
                #expect(response.status == 400, "\(response.bodyText)")
                #expect(errorCode(response) == "INVALID_TOKEN")
                #expect(errorMessage(response) == "This sign-in link is invalid or has expired")
            }
            let missing = try await fixture.send("GET", "/api/v1/auth/verify")
            #expect(missing.status == 400)
            #expect(errorCode(missing) == "VALIDATION_ERROR")
            #expect(errorMessage(missing)?.contains("token") == true)
            let empty = try await fixture.send("GET", "/api/v1/auth/verify?token=")
            #expect(empty.status == 400)
            // The expired user was never created.
            let users = try await postgres.query("SELECT email FROM auth.users ORDER BY email")
            let emails: [String] = try users.map { try $0.decode(String.self) }
            #expect(emails == ["used@example.com"])
        }
    }

    @Test func redirectsOnlyToAllowedOrigins() async throws {
        let settings = ["AUTH_ALLOWED_REDIRECT_ORIGINS": "https://app.paylinks.test, http://localhost:5173"]
        try await AuthFixture.run(settings: settings) { fixture in
            let token = try await fixture.requestMagicLink(
                "redirect@example.com",
                redirectTo: "https://app.paylinks.test/auth/callback"
            )
            #expect(fixture.mail.emails.last?.link == "https://app.paylinks.test/auth/callback?token=\(token)")
            let verified = try await fixture.send(
                "GET",
                "/api/v1/auth/verify?token=\(token)&redirectTo=http%3A%2F%2Flocalhost%3A5173%2Fcb%3Fx%3D1"
            )
            #expect(verified.status == 302, "\(verified.bodyText)")
            let location = try #require(verified.header("Location"))
            #expect(location.hasPrefix("http://localhost:5173/cb?x=1#token="))
            #expect(location.hasSuffix("&needsOnboarding=true"))
            let jwt = String(location.dropFirst("http://localhost:5173/cb?x=1#token=".count).prefix { $0 != "&" })
            #expect(try AuthFixture.verify(jwt).role == .user)

            let foreign = [
                "https://evil.test/cb", "https://app.paylinks.test.evil.test/cb",
                "https://app.paylinks.test@evil.test/",
                "http://app.paylinks.test/cb", "javascript:alert(1)", "//evil.test/cb", "/relative",
                "https://app.paylinks.test:8443/cb", "https://app.paylinks.test/cb#frag",
                "https://app.paylinks.test/c b", "https://app.paylinks.test/\\u0000",
                "https://app.paylinks.test\\\\@evil.test/",
            ]
            for redirect in foreign {
                let response = try await fixture.send(
                    "POST",
                    "/api/v1/auth/request",
                    json: #"{"email":"redirect@example.com","redirectTo":"\#(redirect)"}"#
                )
                #expect(response.status == 400, "\(redirect): \(response.bodyText)")
                #expect(errorCode(response) == "INVALID_REDIRECT", "\(redirect)")
            }
            let another = try await fixture.requestMagicLink("redirect2@example.com")
            let foreignVerify = try await fixture.send(
                "GET",
                "/api/v1/auth/verify?token=\(another)&redirectTo=https%3A%2F%2Fevil.test%2F"
            )
            #expect(foreignVerify.status == 400)
            #expect(errorCode(foreignVerify) == "INVALID_REDIRECT")
            #expect(foreignVerify.header("Location") == nil)
            // The refused verify did not consume the token.
            let retried = try await fixture.send("GET", "/api/v1/auth/verify?token=\(another)")
            #expect(retried.status == 200)
        }
    }

    @Test(arguments: [
        (#"{"email":"not-an-email"}"#, 400, "VALIDATION_ERROR", "email"),
        (#"{"email":""}"#, 400, "VALIDATION_ERROR", "email"),
        (#"{"email":42}"#, 400, "VALIDATION_ERROR", "email"),
        (#"{"mail":"a@b.co"}"#, 400, "VALIDATION_ERROR", "email"),
        (#"{"email":"a@b.co","redirectTo":7}"#, 400, "VALIDATION_ERROR", "redirectTo"),
        (#"{"email":"\#(String(repeating: "a", count: 250))@b.co"}"#, 400, "VALIDATION_ERROR", "email"),
        (#"{"email":"a@b.co""#, 400, "INVALID_JSON", "JSON"),
        ("", 400, "INVALID_JSON", "JSON"),
    ])
    func refusesBadRequestBodies(body: String, status: Int, code: String, mentions: String) async throws {
        try await AuthFixture.run { fixture in
            let response = try await fixture.send("POST", "/api/v1/auth/request", json: body)
            #expect(response.status == status, "\(response.bodyText)")
            #expect(errorCode(response) == code)
            #expect(errorMessage(response)?.contains(mentions) == true, "\(response.bodyText)")
            #expect(fixture.mail.emails.isEmpty)
        }
    }

    @Test func refusesOversizedBodies() async throws {
        try await AuthFixture.run { fixture in
            let padding = String(repeating: " ", count: 20 * 1024)
            let response = try await fixture.send(
                "POST",
                "/api/v1/auth/request",
                json: #"{"email":"a@b.co"\#(padding)}"#
            )
            #expect(response.status == 413)
            #expect(errorCode(response) == "CONTENT_TOO_LARGE")
        }
    }

    @Test func thePerEmailLimitHoldsUnderConcurrency() async throws {
        try await AuthFixture.run(settings: ["AUTH_MAGIC_LINK_PER_EMAIL_LIMIT": "5"]) { fixture in
            let statuses = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                for index in 0..<50 {
                    group.addTask {
                        let spelling = index.isMultiple(of: 2) ? "burst@example.com" : "Burst@Example.com"
                        let response = try await fixture.send(
                            "POST",
                            "/api/v1/auth/request",
                            json: #"{"email":"\#(spelling)"}"#
                        )
                        return (response.status, response.status == 429 ? response.header("Retry-After") : nil)
                    }
                }
                return try await group.reduce(into: [(Int, String?)]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0.0 == 200 }.count == 5)
            let limited = statuses.filter { $0.0 == 429 }
            #expect(limited.count == 45)
            for (_, retryAfter) in limited {
                let seconds = try #require(retryAfter.flatMap { Int($0) })
                #expect((1...900).contains(seconds))
            }
            #expect(fixture.mail.emails(to: "burst@example.com").count == 5)
            let rateLimited = try await fixture.send(
                "POST",
                "/api/v1/auth/request",
                json: #"{"email":"burst@example.com"}"#
            )
            #expect(rateLimited.status == 429)
            #expect(errorCode(rateLimited) == "RATE_LIMITED")
            // Other addresses are unaffected.
            _ = try await fixture.requestMagicLink("bystander@example.com")
            #expect(fixture.mail.emails.count == 6)
        }
    }

    @Test func anUnreachableMessagingServiceIs503AndLeavesNoUsableToken() async throws {
        try await AuthFixture.run(messagingReachable: false) { fixture in
            let response = try await fixture.send(
                "POST",
                "/api/v1/auth/request",
                json: #"{"email":"down@example.com"}"#
            )
            #expect(response.status == 503, "\(response.bodyText)")
            #expect(errorCode(response) == "EMAIL_UNAVAILABLE")
            let postgres = try #require(fixture.auth.postgres)
            let usable = try await postgres.query(
                "SELECT count(*)::bigint FROM auth.magic_link_tokens WHERE used_at IS NULL"
            )
            #expect(try usable[0].decode(Int64.self) == 0)
        }
    }

    @Test func adminsAreDesignatedByConfigurationAtEachSignIn() async throws {
        try await AuthFixture.run(settings: ["AUTH_ADMIN_EMAILS": "ops@example.com, Boss@Example.com"]) { fixture in
            let boss = try await fixture.signIn("boss@example.com")
            #expect(try AuthFixture.verify(boss.token).role == .admin)
            let me = try await fixture.send("GET", "/api/v1/me", as: AuthFixture.user(boss.userID, role: .admin))
            #expect(try json(me)["role"] as? String == "ADMIN")
            let seller = try await fixture.signIn("seller@example.com")
            #expect(try AuthFixture.verify(seller.token).role == .user)
            // Programmatic signup never grants ADMIN: the address is not proven.
            let signup = try await fixture.send(
                "POST",
                "/api/v1/auth/api/signup",
                json: #"{"email":"ops@example.com","name":"Ops"}"#
            )
            #expect(try (json(signup)["user"] as? [String: Any])?["role"] as? String == "USER")
            let ops = try await fixture.signIn("ops@example.com")
            #expect(try AuthFixture.verify(ops.token).role == .admin)
        }
    }

    @Test func aRoleNoLongerConfiguredIsTakenAwayAtTheNextSignIn() async throws {
        try await AuthFixture.run { fixture in
            let former = try await fixture.signIn("former-admin@example.com")
            let postgres = try #require(fixture.auth.postgres)
            // As if AUTH_ADMIN_EMAILS had listed the address at the previous sign-in.
            try await postgres.execute("UPDATE auth.users SET role = 'ADMIN' WHERE id = \(former.userID)::uuid")
            let again = try await fixture.signIn("former-admin@example.com")
            let claims = try AuthFixture.verify(again.token)
            #expect(claims.role == .user)
            #expect(claims.tokenVersion == 1, "tokens carrying the old role are retired")
            let state = try await fixture.send(
                "GET",
                "/api/v1/internal/sessions/\(former.userID)",
                as: .service("gateway")
            )
            #expect(try json(state)["role"] as? String == "USER")
            #expect(try json(state)["tokenVersion"] as? Int == 1)
            let feed = try await fixture.send(
                "GET",
                "/api/v1/internal/sessions/changes?after=0",
                as: .service("gateway")
            )
            let changes = try #require(try json(feed)["changes"] as? [[String: Any]])
            #expect(changes.compactMap { $0["tokenVersion"] as? Int } == [0, 1], "created, then demoted")
        }
    }

    @Test func noSecretEverReachesTheLogs() async throws {
        let handler = InMemoryLogHandler()
        let logger = Logger(label: "auth-test", level: .trace, handler: handler)
        var secrets: [String] = []
        try await AuthFixture.run(logger: logger) { fixture in
            let token = try await fixture.requestMagicLink("quiet@example.com")
            let verified = try await fixture.send("GET", "/api/v1/auth/verify?token=\(token)")
            let jwt = try #require(try json(verified)["token"] as? String)
            let signup = try await fixture.signUp("quiet-dev@example.com")
            let exchange = try await fixture.send(
                "POST",
                "/api/v1/auth/api/token",
                json: #"{"keyId":"\#(signup.keyID)","keySecret":"\#(signup.secret)"}"#
            )
            let exchanged = try #require(try json(exchange)["token"] as? String)
            let wrong = try await fixture.send(
                "POST",
                "/api/v1/auth/api/token",
                json: #"{"keyId":"\#(signup.keyID)","keySecret":"pls_wrong-secret-value"}"#
            )
            #expect(wrong.status == 401)
            secrets = [token, jwt, signup.secret, exchanged, "pls_wrong-secret-value", "quiet@example.com"]
        }
        let records = handler.records
        #expect(records.count > 5, "the service logged its requests")
        for record in records {
            let text = ([record.message] + record.metadata.flatMap { [$0.key, $0.value] }).joined(separator: " ")
            for secret in secrets {
                #expect(!text.contains(secret), "a log line holds a secret: \(record.message)")
            }
        }
    }
}

/// UUID text checks for ids the service returns.
enum UUIDText {
    static func isLowercaseUUIDv7(_ text: String) -> Bool {
        let pattern = #"^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"#
        return text.range(of: pattern, options: .regularExpression) != nil
    }
}
