import Cryptography
import Foundation
import JWT
import LogKit
import Postgres
import TestSupport
import Testing

/// `GET /auth/google/start`, `GET /auth/google/callback` and `POST /auth/google/onetap` against the real
/// `oidc-provider-mock` standing in for Google, with a fresh database per test.
@Suite(.enabled(if: PostgresTestEnvironment.isEnabled, "needs PostgreSQL: scripts/with-postgres.sh swift test"))
struct GoogleSignInRoutesTests {
    private static let callbackURI = "http://localhost:8080/api/v1/auth/google/callback"

    /// Runs auth configured for the mock provider.
    private func withGoogle(
        settings: [String: String] = [:],
        logger: Logger = Logger(label: "auth-test", level: .critical),
        _ body: (AuthFixture, GoogleMockProvider) async throws -> Void
    ) async throws {
        try await GoogleMockProvider.run { provider in
            try await AuthFixture.run(settings: provider.settings.merging(settings) { $1 }, logger: logger) {
                fixture in
                try await body(fixture, provider)
            }
        }
    }

    /// `start`, checked, then the provider's consent as `sub`: the callback's query parameters.
    private func startAndApprove(
        _ fixture: AuthFixture,
        _ provider: GoogleMockProvider,
        as sub: String,
        redirectTo: String? = nil
    ) async throws -> [String: String] {
        let query = redirectTo.map { "?redirectTo=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }
        let start = try await fixture.send("GET", "/api/v1/auth/google/start" + (query ?? ""))
        try #require(start.status == 302, "start: \(start.status) \(start.bodyText)")
        let location = try #require(start.header("Location"))
        #expect(start.header("Cache-Control") == "no-store")
        let parameters = queryParameters(location)
        #expect(location.hasPrefix(provider.issuer + "/oauth2/authorize?"))
        #expect(parameters["client_id"] == GoogleMockProvider.clientID)
        #expect(parameters["redirect_uri"] == Self.callbackURI)
        #expect(parameters["response_type"] == "code" && parameters["scope"] == "openid email profile")
        #expect(parameters["code_challenge_method"] == "S256" && parameters["code_challenge"]?.count == 43)
        #expect(parameters["nonce"]?.count == 43 && parameters["state"]?.count == 43)
        let callback = try await provider.approve(location, as: sub)
        #expect(callback["state"] == parameters["state"])
        return callback
    }

    /// The `state` in a `start` response's `Location`.
    private func stateParameter(_ start: HTTPTestResponse) throws -> String {
        let location = try #require(start.header("Location"), "\(start.status) \(start.bodyText)")
        return try #require(queryParameters(location)["state"])
    }

    private func callback(_ fixture: AuthFixture, code: String?, state: String?) async throws -> HTTPTestResponse {
        var parts: [String] = []
        if let code { parts.append("code=\(code)") }
        if let state { parts.append("state=\(state)") }
        return try await fixture.send("GET", "/api/v1/auth/google/callback?" + parts.joined(separator: "&"))
    }

    @Test func theCodeFlowCreatesTheUserAndMatchesItByEmailNextTime() async throws {
        try await withGoogle { fixture, provider in
            try await provider.setUser("g-100", email: "Ana.Pop@Example.com", verified: true, name: "Ana Pop")
            let first = try await startAndApprove(fixture, provider, as: "g-100")
            let response = try await callback(fixture, code: first["code"], state: first["state"])
            try #require(response.status == 200, "\(response.bodyText)")
            #expect(response.header("Cache-Control") == "no-store")
            let object = try json(response)
            let token = try #require(object["token"] as? String)
            let user = try #require(object["user"] as? [String: Any])
            let userID = try #require(user["id"] as? String)
            #expect(UUIDText.isLowercaseUUIDv7(userID))
            #expect(user["email"] as? String == "ana.pop@example.com")
            #expect(user["role"] as? String == "USER")
            #expect(object["needsOnboarding"] as? Bool == true)
            let claims = try AuthFixture.verify(token)
            #expect(claims.subject.value == userID)
            #expect(claims.expiration.value - claims.issuedAt.value == 7 * 24 * 3600)

            // The state is single-use.
            let replay = try await callback(fixture, code: first["code"], state: first["state"])
            #expect(replay.status == 400 && errorCode(replay) == "INVALID_STATE", "\(replay.bodyText)")

            // Signing in again, and by magic link, finds the same account.
            let second = try await startAndApprove(fixture, provider, as: "g-100")
            let again = try await callback(fixture, code: second["code"], state: second["state"])
            #expect(try (json(again)["user"] as? [String: Any])?["id"] as? String == userID)
            let magic = try await fixture.signIn("ana.pop@example.com")
            #expect(try AuthFixture.verify(magic.token).subject.value == userID)
            let postgres = try #require(fixture.auth.postgres)
            let users = try await postgres.query("SELECT count(*)::bigint FROM auth.users")
            #expect(try users.first?.decode(Int64.self, column: 0) == 1)
        }
    }

    @Test func stateIsStoredOnlyHashedWithItsExpiry() async throws {
        try await withGoogle { fixture, provider in
            let start = try await fixture.send("GET", "/api/v1/auth/google/start")
            let parameters = queryParameters(try #require(start.header("Location")))
            let state = try #require(parameters["state"])
            let postgres = try #require(fixture.auth.postgres)
            let rows = try await postgres.query(
                """
                SELECT state_hash, nonce, redirect_to,
                       extract(epoch FROM expires_at - created_at)::bigint
                FROM auth.oauth_states
                """
            )
            try #require(rows.count == 1)
            let row = try #require(rows.first)
            #expect(try row.decode([UInt8].self, column: 0) == SHA256.hash(Array(state.utf8)))
            #expect(try row.decode(String.self, column: 1) == parameters["nonce"])
            #expect(try row.decode(String?.self, column: 2) == nil)
            #expect(try row.decode(Int64.self, column: 3) == 600)
            let plain = try await postgres.query(
                "SELECT count(*)::bigint FROM auth.oauth_states WHERE state_hash = convert_to(\(state), 'UTF8')"
            )
            #expect(try plain.first?.decode(Int64.self, column: 0) == 0)
        }
    }

    @Test func aRedirectToGetsTheTokenInTheFragment() async throws {
        try await withGoogle { fixture, provider in
            try await provider.setUser("g-200", email: "dev@example.com", verified: true)
            let callback = try await startAndApprove(
                fixture,
                provider,
                as: "g-200",
                redirectTo: "https://app.example.com/signed-in?from=google"
            )
            let response = try await self.callback(fixture, code: callback["code"], state: callback["state"])
            try #require(response.status == 302, "\(response.bodyText)")
            let location = try #require(response.header("Location"))
            let prefix = "https://app.example.com/signed-in?from=google#token="
            #expect(location.hasPrefix(prefix))
            #expect(location.hasSuffix("&needsOnboarding=true"))
            let token = String(location.dropFirst(prefix.count).prefix { $0 != "&" })
            #expect(try AuthFixture.verify(token).role == .user)
        }
    }

    @Test func aForeignRedirectToIsRefused() async throws {
        try await withGoogle { fixture, _ in
            for target in [
                "https://evil.example/steal", "javascript:alert(1)", "https://app.example.com.evil.example/",
            ] {
                let encoded = target.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                let response = try await fixture.send("GET", "/api/v1/auth/google/start?redirectTo=\(encoded)")
                #expect(response.status == 400 && errorCode(response) == "INVALID_REDIRECT", "\(target)")
            }
            let postgres = try #require(fixture.auth.postgres)
            let rows = try await postgres.query("SELECT count(*)::bigint FROM auth.oauth_states")
            #expect(try rows.first?.decode(Int64.self, column: 0) == 0)
        }
    }

    @Test func unknownMissingAndExpiredStatesAreRefused() async throws {
        try await withGoogle { fixture, provider in
            try await provider.setUser("g-300", email: "late@example.com", verified: true)
            let unknown = try await callback(fixture, code: "abc", state: SecureRandom.token())
            #expect(unknown.status == 400 && errorCode(unknown) == "INVALID_STATE")
            let missing = try await callback(fixture, code: "abc", state: nil)
            #expect(missing.status == 400 && errorCode(missing) == "INVALID_STATE")
            let huge = try await callback(fixture, code: "abc", state: String(repeating: "a", count: 5000))
            #expect(huge.status == 400 && errorCode(huge) == "INVALID_STATE")

            let approved = try await startAndApprove(fixture, provider, as: "g-300")
            let postgres = try #require(fixture.auth.postgres)
            _ = try await postgres.execute("UPDATE auth.oauth_states SET expires_at = now() - interval '1 second'")
            let expired = try await callback(fixture, code: approved["code"], state: approved["state"])
            #expect(expired.status == 400 && errorCode(expired) == "INVALID_STATE", "\(expired.bodyText)")
        }
    }

    @Test func aWrongNonceIsAnInvalidIDToken() async throws {
        try await withGoogle { fixture, provider in
            try await provider.setUser("g-400", email: "nonce@example.com", verified: true)
            let approved = try await startAndApprove(fixture, provider, as: "g-400")
            // As if the ID token had been minted for another authorization request.
            let postgres = try #require(fixture.auth.postgres)
            _ = try await postgres.execute("UPDATE auth.oauth_states SET nonce = 'some-other-request-nonce'")
            let response = try await callback(fixture, code: approved["code"], state: approved["state"])
            #expect(response.status == 401 && errorCode(response) == "INVALID_ID_TOKEN", "\(response.bodyText)")
            let users = try await postgres.query("SELECT count(*)::bigint FROM auth.users")
            #expect(try users.first?.decode(Int64.self, column: 0) == 0)
        }
    }

    @Test func aDeniedConsentAndABadCodeAreClientErrors() async throws {
        try await withGoogle { fixture, provider in
            let start = try await fixture.send("GET", "/api/v1/auth/google/start")
            let state = try stateParameter(start)
            let denied = try await fixture.send(
                "GET",
                "/api/v1/auth/google/callback?error=access_denied&state=\(state)"
            )
            #expect(denied.status == 400 && errorCode(denied) == "OAUTH_DENIED", "\(denied.bodyText)")
            // The denial used the state up.
            let after = try await callback(fixture, code: "x", state: state)
            #expect(after.status == 400 && errorCode(after) == "INVALID_STATE")

            let other = try await fixture.send("GET", "/api/v1/auth/google/start")
            let otherState = try stateParameter(other)
            let badCode = try await callback(fixture, code: "not-a-real-code", state: otherState)
            #expect(badCode.status == 400 && errorCode(badCode) == "INVALID_CODE", "\(badCode.bodyText)")
        }
    }

    @Test func anUnverifiedEmailIsRefused() async throws {
        try await withGoogle { fixture, provider in
            try await provider.setUser("g-500", email: "unverified@example.com", verified: false)
            try await provider.setUser("g-501", email: "silent@example.com", verified: nil)
            for sub in ["g-500", "g-501"] {
                let approved = try await startAndApprove(fixture, provider, as: sub)
                let response = try await callback(fixture, code: approved["code"], state: approved["state"])
                #expect(response.status == 401 && errorCode(response) == "EMAIL_NOT_VERIFIED", "\(sub)")
            }
            let credential = try await provider.idToken(for: "g-500")
            let oneTap = try await fixture.send(
                "POST",
                "/api/v1/auth/google/onetap",
                json: #"{"credential":"\#(credential)"}"#
            )
            #expect(oneTap.status == 401 && errorCode(oneTap) == "EMAIL_NOT_VERIFIED")
        }
    }

    @Test func oneTapSignsInWithAValidCredentialOnly() async throws {
        try await withGoogle { fixture, provider in
            try await provider.setUser("g-600", email: "tap@example.com", verified: true, name: "Tap User")
            let credential = try await provider.idToken(for: "g-600")
            let response = try await fixture.send(
                "POST",
                "/api/v1/auth/google/onetap",
                json: #"{"credential":"\#(credential)"}"#
            )
            try #require(response.status == 200, "\(response.bodyText)")
            let object = try json(response)
            #expect(Set(object.keys) == ["token", "user"])
            let user = try #require(object["user"] as? [String: Any])
            #expect(user["email"] as? String == "tap@example.com" && user["role"] as? String == "USER")
            #expect(
                try AuthFixture.verify(try #require(object["token"] as? String)).subject.value == user["id"] as? String
            )

            // The nonce is checked when the page sends one.
            let withNonce = try await fixture.send(
                "POST",
                "/api/v1/auth/google/onetap",
                json: #"{"credential":"\#(credential)","nonce":"one-tap-nonce"}"#
            )
            #expect(withNonce.status == 200)
            let wrongNonce = try await fixture.send(
                "POST",
                "/api/v1/auth/google/onetap",
                json: #"{"credential":"\#(credential)","nonce":"another"}"#
            )
            #expect(wrongNonce.status == 401 && errorCode(wrongNonce) == "INVALID_CREDENTIAL")

            let otherClient = try await provider.idToken(for: "g-600", clientID: "someone-elses-client")
            var parts = credential.split(separator: ".").map(String.init)
            parts[1] = Base64URL.encode(
                Array(
                    #"{"iss":"\#(provider.issuer)","aud":"\#(GoogleMockProvider.clientID)","sub":"x","email":"victim@example.com","email_verified":true,"iat":1,"exp":9999999999}"#
                        .utf8
                )
            )
            let tampered = parts.joined(separator: ".")
            let header = Base64URL.encode(Array(#"{"alg":"none","typ":"JWT"}"#.utf8))
            let none = header + "." + parts[1] + "."
            for bad in [otherClient, tampered, none, "garbage", "a.b.c"] {
                let refused = try await fixture.send(
                    "POST",
                    "/api/v1/auth/google/onetap",
                    json: #"{"credential":"\#(bad)"}"#
                )
                #expect(refused.status == 401 && errorCode(refused) == "INVALID_CREDENTIAL", "\(refused.bodyText)")
            }
            let missing = try await fixture.send("POST", "/api/v1/auth/google/onetap", json: "{}")
            #expect(missing.status == 400 && errorCode(missing) == "VALIDATION_ERROR")
            let empty = try await fixture.send("POST", "/api/v1/auth/google/onetap", json: #"{"credential":""}"#)
            #expect(empty.status == 400 && errorCode(empty) == "VALIDATION_ERROR")
            let mistyped = try await fixture.send("POST", "/api/v1/auth/google/onetap", json: #"{"credential":42}"#)
            #expect(mistyped.status == 400 && errorCode(mistyped) == "VALIDATION_ERROR")
            let notJSON = try await fixture.send("POST", "/api/v1/auth/google/onetap", json: "credential=x")
            #expect(notJSON.status == 400 && errorCode(notJSON) == "INVALID_JSON")
        }
    }

    @Test func anUnreachableProviderIsABadGateway() async throws {
        // Port 9 (discard) is never served on the test machines: connection refused.
        let settings = ["AUTH_GOOGLE_CLIENT_ID": "c", "AUTH_GOOGLE_ISSUER": "http://127.0.0.1:9"]
        try await AuthFixture.run(settings: settings) { fixture in
            let start = try await fixture.send("GET", "/api/v1/auth/google/start")
            #expect(start.status == 502 && errorCode(start) == "GOOGLE_UNAVAILABLE", "\(start.bodyText)")
            let oneTap = try await fixture.send("POST", "/api/v1/auth/google/onetap", json: #"{"credential":"a.b.c"}"#)
            #expect(oneTap.status == 502 && errorCode(oneTap) == "GOOGLE_UNAVAILABLE", "\(oneTap.bodyText)")
        }
    }

    @Test func withoutAClientIDTheRoutesAnswerNotConfigured() async throws {
        try await AuthFixture.run { fixture in
            let responses = [
                try await fixture.send("GET", "/api/v1/auth/google/start"),
                try await fixture.send("GET", "/api/v1/auth/google/callback?code=a&state=b"),
                try await fixture.send("POST", "/api/v1/auth/google/onetap", json: #"{"credential":"x"}"#),
            ]
            for response in responses {
                #expect(
                    response.status == 503 && errorCode(response) == "GOOGLE_NOT_CONFIGURED",
                    "\(response.bodyText)"
                )
            }
        }
    }

    @Test func noCodeStateOrTokenReachesTheLogs() async throws {
        let handler = InMemoryLogHandler()
        let logger = Logger(label: "auth-test", level: .trace, handler: handler)
        var secrets: [String] = []
        try await withGoogle(logger: logger) { fixture, provider in
            try await provider.setUser("g-700", email: "logs@example.com", verified: true)
            let approved = try await startAndApprove(fixture, provider, as: "g-700")
            let response = try await callback(fixture, code: approved["code"], state: approved["state"])
            let token = try #require(try json(response)["token"] as? String)
            let credential = try await provider.idToken(for: "g-700")
            let oneTap = try await fixture.send(
                "POST",
                "/api/v1/auth/google/onetap",
                json: #"{"credential":"\#(credential)"}"#
            )
            let oneTapToken = try #require(try json(oneTap)["token"] as? String)
            let refused = try await fixture.send(
                "POST",
                "/api/v1/auth/google/onetap",
                json: #"{"credential":"\#(credential)x"}"#
            )
            #expect(refused.status == 401)
            secrets = [
                try #require(approved["code"]), try #require(approved["state"]), token, credential, oneTapToken,
                "google-test-client-secret",
            ]
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
