import Foundation
import ServiceIdentity
import TestSupport
import Testing

@Suite(.enabled(if: PostgresTestEnvironment.isEnabled, "needs PostgreSQL: scripts/with-postgres.sh swift test"))
struct MeRoutesTests {
    @Test func showsTheProfileWithNullsUntilOnboarded() async throws {
        try await AuthFixture.run { fixture in
            let (_, userID) = try await fixture.signIn("profile@example.com")
            let me = try await fixture.send("GET", "/api/v1/me", as: AuthFixture.user(userID))
            #expect(me.status == 200)
            let object = try json(me)
            #expect(
                Set(object.keys) == [
                    "id", "email", "name", "businessName", "country", "defaultCurrency", "role", "needsOnboarding",
                    "createdAt",
                ]
            )
            #expect(object["id"] as? String == userID)
            #expect(object["email"] as? String == "profile@example.com")
            #expect(object["name"] is NSNull && object["businessName"] is NSNull && object["country"] is NSNull)
            #expect(object["defaultCurrency"] as? String == "RON")
            #expect(object["role"] as? String == "USER")
            #expect(object["needsOnboarding"] as? Bool == true)
            let createdAt = try #require(object["createdAt"] as? String)
            #expect(
                createdAt.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"#, options: .regularExpression) != nil
            )
        }
    }

    @Test func onboardingAndProfileChanges() async throws {
        try await AuthFixture.run { fixture in
            let (_, userID) = try await fixture.signIn("onboard@example.com")
            let identity = AuthFixture.user(userID)
            let onboarded = try await fixture.send(
                "POST",
                "/api/v1/me/onboarding",
                json:
                    #"{"name":" Andrei Bucur ","businessName":"Bucur SRL","country":"ro","defaultCurrency":"eur","x":1}"#,
                as: identity
            )
            #expect(onboarded.status == 200, "\(onboarded.bodyText)")
            let object = try json(onboarded)
            #expect(object["name"] as? String == "Andrei Bucur")
            #expect(object["businessName"] as? String == "Bucur SRL")
            #expect(object["country"] as? String == "RO")
            #expect(object["defaultCurrency"] as? String == "EUR")
            #expect(object["needsOnboarding"] as? Bool == false)

            // The next sign-in no longer asks for onboarding.
            let token = try await fixture.requestMagicLink("onboard@example.com")
            let verified = try await fixture.send("GET", "/api/v1/auth/verify?token=\(token)")
            #expect(try json(verified)["needsOnboarding"] as? Bool == false)

            let patched = try await fixture.send("PATCH", "/api/v1/me", json: #"{"country":"GB"}"#, as: identity)
            #expect(patched.status == 200)
            let after = try json(patched)
            #expect(after["country"] as? String == "GB")
            #expect(after["name"] as? String == "Andrei Bucur", "fields not given stay")
            #expect(after["businessName"] as? String == "Bucur SRL")

            let renamed = try await fixture.send(
                "PATCH",
                "/api/v1/me",
                json: #"{"name":"Ana","businessName":"Ana Studio"}"#,
                as: identity
            )
            #expect(try json(renamed)["name"] as? String == "Ana")
            #expect(try json(renamed)["businessName"] as? String == "Ana Studio")
        }
    }

    @Test(arguments: [
        ("POST", "/api/v1/me/onboarding", #"{"businessName":"B","country":"RO","defaultCurrency":"RON"}"#, "name"),
        ("POST", "/api/v1/me/onboarding", #"{"name":"A","country":"RO","defaultCurrency":"RON"}"#, "businessName"),
        (
            "POST", "/api/v1/me/onboarding",
            #"{"name":"A","businessName":"B","country":"ROU","defaultCurrency":"RON"}"#, "country"
        ),
        (
            "POST", "/api/v1/me/onboarding", #"{"name":"A","businessName":"B","country":"R1","defaultCurrency":"RON"}"#,
            "country"
        ),
        (
            "POST", "/api/v1/me/onboarding", #"{"name":"A","businessName":"B","country":"RO","defaultCurrency":"USD"}"#,
            "defaultCurrency"
        ),
        (
            "POST", "/api/v1/me/onboarding", #"{"name":"A","businessName":"B","country":"RO","defaultCurrency":1}"#,
            "defaultCurrency"
        ),
        ("PATCH", "/api/v1/me", #"{"name":""}"#, "name"),
        ("PATCH", "/api/v1/me", #"{"name":"\#(String(repeating: "n", count: 101))"}"#, "name"),
        ("PATCH", "/api/v1/me", #"{"businessName":"\#(String(repeating: "b", count: 121))"}"#, "businessName"),
        ("PATCH", "/api/v1/me", #"{"country":true}"#, "country"),
        ("PATCH", "/api/v1/me", #"{"name":"a\u0000b"}"#, "name"),
        ("PATCH", "/api/v1/me", #"{"name":"\#(String(repeating: "e\u{301}", count: 60))"}"#, "name"),
        ("PATCH", "/api/v1/me", #"{"country":"Romania"}"#, "country"),
    ])
    func validatesProfileFields(method: String, path: String, body: String, field: String) async throws {
        try await AuthFixture.run { fixture in
            let (_, userID) = try await fixture.signIn("invalid@example.com")
            let response = try await fixture.send(method, path, json: body, as: AuthFixture.user(userID))
            #expect(response.status == 400, "\(response.bodyText)")
            #expect(errorCode(response) == "VALIDATION_ERROR")
            #expect(errorMessage(response)?.hasPrefix(field) == true, "\(response.bodyText)")
            let me = try await fixture.send("GET", "/api/v1/me", as: AuthFixture.user(userID))
            #expect(try json(me)["needsOnboarding"] as? Bool == true)
            #expect(try json(me)["name"] is NSNull)
        }
    }

    @Test func refusesForgedOrMissingAssertions() async throws {
        try await AuthFixture.run { fixture in
            let (_, userID) = try await fixture.signIn("forged@example.com")
            let tampered = fixture.auth.assertion(for: CallerIdentity(userID: userID, role: .user))
                .replacingOccurrences(of: "role=USER", with: "role=ADMIN")
            let forged = try await fixture.auth.request(
                "GET",
                "/api/v1/me",
                as: nil,
                headers: [("X-PayLinks-Identity", tampered)]
            )
            #expect(forged.status == 401)
            let direct = try await fixture.auth.request("GET", "/api/v1/me", as: nil)
            #expect(direct.status == 401)
        }
    }
}
