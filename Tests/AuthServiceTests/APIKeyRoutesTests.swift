import Foundation
import JWT
import Postgres
import ServiceIdentity
import TestSupport
import Testing

@Suite(.enabled(if: PostgresTestEnvironment.isEnabled, "needs PostgreSQL: scripts/with-postgres.sh swift test"))
struct APIKeyRoutesTests {
    @Test func signupReturnsTheAccountTheFirstKeyAndAnHourLongToken() async throws {
        try await AuthFixture.run { fixture in
            let response = try await fixture.send(
                "POST",
                "/api/v1/auth/api/signup",
                json: #"{"email":"Dev@Example.com","name":"Dev","keyName":"Primary integration"}"#
            )
            #expect(response.status == 201, "\(response.bodyText)")
            let object = try json(response)
            #expect(Set(object.keys) == ["user", "apiKey", "token", "tokenType", "expiresInSeconds"])
            let user = try #require(object["user"] as? [String: Any])
            #expect(Set(user.keys) == ["id", "email", "name", "role"])
            #expect(user["email"] as? String == "dev@example.com")
            #expect(user["name"] as? String == "Dev")
            #expect(user["role"] as? String == "USER")
            let key = try #require(object["apiKey"] as? [String: Any])
            #expect(Set(key.keys) == ["keyId", "keySecret", "name", "createdAt"])
            let keyID = try #require(key["keyId"] as? String)
            let secret = try #require(key["keySecret"] as? String)
            #expect(keyID.range(of: #"^plk_[0-9a-f]{24}$"#, options: .regularExpression) != nil)
            #expect(secret.hasPrefix("pls_") && secret.utf8.count == 47)
            #expect(key["name"] as? String == "Primary integration")
            #expect(
                (key["createdAt"] as? String)?.range(
                    of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"#,
                    options: .regularExpression
                ) != nil
            )
            #expect(object["tokenType"] as? String == "Bearer")
            #expect(object["expiresInSeconds"] as? Int == 3600)
            let claims = try AuthFixture.verify(try #require(object["token"] as? String))
            #expect(claims.subject.value == user["id"] as? String)
            #expect(claims.expiration.value - claims.issuedAt.value == 3600)

            // Stored as a hash only.
            let postgres = try #require(fixture.auth.postgres)
            let rows = try await postgres.query("SELECT secret_hash, secret_hint FROM auth.api_keys")
            let (hash, hint) = try rows[0].decode(([UInt8], String).self)
            #expect(hash.count == 32)
            #expect(hint == String(secret.prefix(8)) + "…")

            let taken = try await fixture.send(
                "POST",
                "/api/v1/auth/api/signup",
                json: #"{"email":"dev@EXAMPLE.com","name":"Someone else"}"#
            )
            #expect(taken.status == 409)
            #expect(errorCode(taken) == "EMAIL_TAKEN")
            #expect(!taken.bodyText.contains("pls_"))
        }
    }

    @Test(arguments: [
        (#"{"email":"x@example.com"}"#, "name"),
        (#"{"email":"x@example.com","name":""}"#, "name"),
        (#"{"email":"x@example.com","name":"\#(String(repeating: "n", count: 101))"}"#, "name"),
        (#"{"email":"x@example.com","name":5}"#, "name"),
        (#"{"email":"nope","name":"X"}"#, "email"),
        (#"{"email":"x@example.com","name":"X","keyName":""}"#, "keyName"),
    ])
    func signupValidatesItsFields(body: String, field: String) async throws {
        try await AuthFixture.run { fixture in
            let response = try await fixture.send("POST", "/api/v1/auth/api/signup", json: body)
            #expect(response.status == 400, "\(response.bodyText)")
            #expect(errorCode(response) == "VALIDATION_ERROR")
            #expect(errorMessage(response)?.hasPrefix(field) == true, "\(response.bodyText)")
        }
    }

    @Test func keyExchangeAnswersExactlyTheSeedsShapeAndRefusesBadCredentials() async throws {
        try await AuthFixture.run { fixture in
            let account = try await fixture.signUp("exchange@example.com")
            let response = try await fixture.send(
                "POST",
                "/api/v1/auth/api/token",
                json: #"{"keyId":"\#(account.keyID)","keySecret":"\#(account.secret)"}"#
            )
            #expect(response.status == 200, "\(response.bodyText)")
            let object = try json(response)
            #expect(Set(object.keys) == ["token", "tokenType", "expiresInSeconds", "user"])
            #expect(object["tokenType"] as? String == "Bearer")
            #expect(object["expiresInSeconds"] as? Int == 3600)
            let user = try #require(object["user"] as? [String: Any])
            #expect(Set(user.keys) == ["id", "email", "role"])
            #expect(user["id"] as? String == account.userID)
            #expect(user["email"] as? String == "exchange@example.com")
            #expect(user["role"] as? String == "USER")
            let claims = try AuthFixture.verify(try #require(object["token"] as? String))
            #expect(claims.subject.value == account.userID)
            #expect(claims.expiration.value - claims.issuedAt.value == 3600)

            let list = try await fixture.send("GET", "/api/v1/auth/api-keys", as: AuthFixture.user(account.userID))
            let keys = try #require(try json(list)["data"] as? [[String: Any]])
            #expect(keys.first?["lastUsedAt"] is String)

            let invalid: [String] = [
                #"{"keyId":"\#(account.keyID)","keySecret":"\#(account.secret)x"}"#,
                #"{"keyId":"\#(account.keyID)","keySecret":""}"#,
                #"{"keyId":"plk_000000000000000000000000","keySecret":"\#(account.secret)"}"#,
                #"{"keyId":"nonsense","keySecret":"\#(account.secret)"}"#,
                #"{"keyId":"\#(account.keyID)\u0000","keySecret":"\#(account.secret)"}"#,
                #"{"keyId":"\#(account.keyID.uppercased())","keySecret":"\#(account.secret)"}"#,
            ]
            for body in invalid {
                let refused = try await fixture.send("POST", "/api/v1/auth/api/token", json: body)
                #expect(refused.status == 401, "\(body)")
                #expect(errorCode(refused) == "INVALID_CREDENTIALS")
                #expect(errorMessage(refused) == "Invalid API key credentials")
            }
            let mistyped = try await fixture.send(
                "POST",
                "/api/v1/auth/api/token",
                json: #"{"keyId":1,"keySecret":"x"}"#
            )
            #expect(mistyped.status == 400)
            #expect(errorMessage(mistyped)?.hasPrefix("keyId") == true)
        }
    }

    @Test func keysAreCreatedListedWithoutSecretsAndRevoked() async throws {
        try await AuthFixture.run { fixture in
            let owner = try await fixture.signUp("owner@example.com")
            let identity = AuthFixture.user(owner.userID)
            let created = try await fixture.send("POST", "/api/v1/auth/api-keys", json: #"{"name":"CI"}"#, as: identity)
            #expect(created.status == 201, "\(created.bodyText)")
            let key = try json(created)
            #expect(Set(key.keys) == ["keyId", "keySecret", "name", "secretHint", "createdAt"])
            let keyID = try #require(key["keyId"] as? String)
            let secret = try #require(key["keySecret"] as? String)
            #expect(key["name"] as? String == "CI")
            #expect(key["secretHint"] as? String == String(secret.prefix(8)) + "…")

            let listed = try await fixture.send("GET", "/api/v1/auth/api-keys", as: identity)
            #expect(listed.status == 200)
            #expect(!listed.bodyText.contains(secret) && !listed.bodyText.contains(owner.secret))
            #expect(!listed.bodyText.contains("Hash") && !listed.bodyText.contains("hash"))
            let data = try #require(try json(listed)["data"] as? [[String: Any]])
            #expect(data.count == 2)
            #expect(data.map { $0["keyId"] as? String } == [keyID, owner.keyID])
            #expect(Set(data[0].keys) == ["keyId", "name", "secretHint", "createdAt", "lastUsedAt", "revokedAt"])
            #expect(data[0]["lastUsedAt"] is NSNull && data[0]["revokedAt"] is NSNull)

            // Someone else cannot see or revoke it.
            let intruder = try await fixture.signUp("intruder@example.com")
            let foreign = try await fixture.send(
                "DELETE",
                "/api/v1/auth/api-keys/\(keyID)",
                as: AuthFixture.user(intruder.userID)
            )
            #expect(foreign.status == 404)
            #expect(errorCode(foreign) == "NOT_FOUND")
            let theirs = try await fixture.send("GET", "/api/v1/auth/api-keys", as: AuthFixture.user(intruder.userID))
            #expect(!theirs.bodyText.contains(keyID))
            let unknown = try await fixture.send("DELETE", "/api/v1/auth/api-keys/plk_nothing", as: identity)
            #expect(unknown.status == 404)

            let works = try await fixture.send(
                "POST",
                "/api/v1/auth/api/token",
                json: #"{"keyId":"\#(keyID)","keySecret":"\#(secret)"}"#
            )
            #expect(works.status == 200)
            let revoked = try await fixture.send("DELETE", "/api/v1/auth/api-keys/\(keyID)", as: identity)
            #expect(revoked.status == 200)
            #expect(revoked.bodyText == #"{"keyId":"\#(keyID)","revoked":true}"#)
            let afterRevoke = try await fixture.send(
                "POST",
                "/api/v1/auth/api/token",
                json: #"{"keyId":"\#(keyID)","keySecret":"\#(secret)"}"#
            )
            #expect(afterRevoke.status == 401)
            #expect(errorCode(afterRevoke) == "INVALID_CREDENTIALS")
            let relisted = try await fixture.send("GET", "/api/v1/auth/api-keys", as: identity)
            let first = try #require((try json(relisted)["data"] as? [[String: Any]])?.first)
            #expect(first["revokedAt"] is String)

            let bad = try await fixture.send("POST", "/api/v1/auth/api-keys", json: #"{"name":""}"#, as: identity)
            #expect(bad.status == 400)
            #expect(errorMessage(bad)?.hasPrefix("name") == true)
        }
    }

    @Test func atMostTwentyFiveActiveKeys() async throws {
        try await AuthFixture.run { fixture in
            let owner = try await fixture.signUp("many@example.com")
            let identity = AuthFixture.user(owner.userID)
            for index in 2...25 {
                let response = try await fixture.send(
                    "POST",
                    "/api/v1/auth/api-keys",
                    json: #"{"name":"key \#(index)"}"#,
                    as: identity
                )
                try #require(response.status == 201)
            }
            let refused = try await fixture.send(
                "POST",
                "/api/v1/auth/api-keys",
                json: #"{"name":"one more"}"#,
                as: identity
            )
            #expect(refused.status == 409)
            #expect(errorCode(refused) == "API_KEY_LIMIT")
            _ = try await fixture.send("DELETE", "/api/v1/auth/api-keys/\(owner.keyID)", as: identity)
            let afterRevoke = try await fixture.send(
                "POST",
                "/api/v1/auth/api-keys",
                json: #"{"name":"replacement"}"#,
                as: identity
            )
            #expect(afterRevoke.status == 201)
        }
    }

    @Test func protectedRoutesRefuseCallersWithoutAUser() async throws {
        try await AuthFixture.run { fixture in
            let ghost = AuthFixture.user("01937a7e-0000-7000-8000-00000000dead")
            let cases: [(String, String, String?)] = [
                ("GET", "/api/v1/auth/api-keys", nil),
                ("POST", "/api/v1/auth/api-keys", #"{"name":"x"}"#),
                ("DELETE", "/api/v1/auth/api-keys/plk_0123456789abcdef01234567", nil),
                ("POST", "/api/v1/auth/logout-all", nil),
                ("GET", "/api/v1/me", nil),
                ("PATCH", "/api/v1/me", #"{"name":"x"}"#),
                ("POST", "/api/v1/me/onboarding", #"{"name":"x"}"#),
                ("GET", "/api/v1/settings/me", nil),
                ("PUT", "/api/v1/settings/me", "{}"),
                ("PUT", "/api/v1/settings/me/name", #"{"name":"x"}"#),
            ]
            let callers: [CallerIdentity?] = [
                .anonymous, ghost, AuthFixture.user("not-a-uuid"), .service("gateway"), nil,
            ]
            for (method, path, body) in cases {
                for caller in callers {
                    let response = try await fixture.send(method, path, json: body, as: caller)
                    #expect(response.status == 401, "\(method) \(path) as \(String(describing: caller))")
                    #expect(response.bodyText == #"{"error":{"message":"Unauthorized","code":"UNAUTHORIZED"}}"#)
                }
            }
        }
    }
}
