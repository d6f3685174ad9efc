import Foundation
import ServiceIdentity
import TestSupport
import Testing

/// Review: hostile bodies and parameters on every auth route get a 4xx with an error code, never a 500.
@Suite(
    .serialized,
    .enabled(if: PostgresTestEnvironment.isEnabled, "needs PostgreSQL: scripts/with-postgres.sh swift test")
)
struct ReviewHostileInputTests {
    static let hostileBodies: [String] = [
        "", "null", "[]", "\"x\"", "42", "{", "{}", #"{"email":null}"#, #"{"email":5}"#,
        #"{"email":["a@b.co"]}"#, #"{"email":"a@b.co\u0000"}"#, #"{"email":"\u0000"}"#,
        #"{"email":"a@b.co","email":"c@d.co"}"#, #"{"name":"a\u0000b","email":"n@b.co"}"#,
        #"{"name":"\u0000"}"#, #"{"businessName":"\u0000"}"#, #"{"country":"\u0000\u0000"}"#,
        #"{"keyId":"plk_00","keySecret":"\u0000"}"#, #"{"keyId":"plk_\u0000","keySecret":"x"}"#,
        #"{"keyId":"plk_ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff","keySecret":""}"#,
        #"{"defaultCurrency":"\u0000"}"#, #"{"payoutInterval":"daily\u0000"}"#, #"{"autoPayouts":"yes"}"#,
        #"{"redirectTo":"http://localhost:8080/\u0000","email":"r@b.co"}"#,
        String(repeating: "[", count: 8000) + String(repeating: "]", count: 8000),
        "{\"name\":\"" + String(repeating: "\u{301}", count: 101) + "\"}",
        "{\"email\":\"" + String(repeating: "a", count: 15_000) + "@b.co\"}",
    ]

    static let routes: [(String, String)] = [
        ("POST", "/api/v1/auth/request"), ("POST", "/api/v1/auth/api/signup"), ("POST", "/api/v1/auth/api/token"),
        ("POST", "/api/v1/auth/api-keys"), ("PATCH", "/api/v1/me"), ("POST", "/api/v1/me/onboarding"),
        ("PUT", "/api/v1/settings/me"), ("PUT", "/api/v1/settings/me/name"),
    ]

    @Test func hostileBodiesNeverAnswer500() async throws {
        try await AuthFixture.run { fixture in
            let user = try await fixture.signIn("hostile@example.com")
            for (method, path) in Self.routes {
                for body in Self.hostileBodies {
                    let response = try await fixture.send(
                        method,
                        path,
                        json: body,
                        as: AuthFixture.user(user.userID)
                    )
                    #expect(response.status < 500, "\(method) \(path) \(body.prefix(60)): \(response.bodyText)")
                    if response.status >= 400 {
                        #expect(errorCode(response) != nil, "\(method) \(path): \(response.bodyText)")
                    }
                }
            }
        }
    }

    @Test func hostileParametersNeverAnswer500() async throws {
        try await AuthFixture.run { fixture in
            let user = try await fixture.signIn("params@example.com")
            let targets = [
                ("GET", "/api/v1/auth/verify?token=%00"), ("GET", "/api/v1/auth/verify?token=%FF%FE"),
                ("GET", "/api/v1/auth/verify?token=a&token=b"), ("GET", "/api/v1/auth/verify?redirectTo=%00&token=a"),
                ("GET", "/api/v1/auth/verify?token=" + String(repeating: "A", count: 4000)),
                ("DELETE", "/api/v1/auth/api-keys/%00"), ("DELETE", "/api/v1/auth/api-keys/plk_%00"),
                ("DELETE", "/api/v1/auth/api-keys/plk_" + String(repeating: "f", count: 64)),
                ("GET", "/api/v1/internal/sessions/%00"), ("GET", "/api/v1/internal/sessions/changes?after=-1"),
                ("GET", "/api/v1/internal/sessions/changes?after=99999999999999999999"),
                ("GET", "/api/v1/internal/sessions/changes?after=%00"),
                ("GET", "/api/v1/internal/sessions/changes?after=9223372036854775807"),
            ]
            for (method, target) in targets {
                let identity: CallerIdentity =
                    target.contains("/internal/") ? .service("gateway") : AuthFixture.user(user.userID)
                let response = try await fixture.send(method, target, as: identity)
                #expect(response.status < 500, "\(method) \(target.prefix(80)): \(response.bodyText)")
            }
        }
    }
}
