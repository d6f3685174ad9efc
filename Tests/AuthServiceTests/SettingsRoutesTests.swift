import Foundation
import TestSupport
import Testing

@Suite(.enabled(if: PostgresTestEnvironment.isEnabled, "needs PostgreSQL: scripts/with-postgres.sh swift test"))
struct SettingsRoutesTests {
    @Test func readsAndUpdatesSettings() async throws {
        try await AuthFixture.run { fixture in
            let (_, userID) = try await fixture.signIn("settings@example.com")
            let identity = AuthFixture.user(userID)
            let initial = try await fixture.send("GET", "/api/v1/settings/me", as: identity)
            #expect(initial.status == 200)
            #expect(
                initial.bodyText
                    == #"{"autoPayouts":false,"defaultCurrency":"RON","disputeNotifications":true,"#
                    + #""emailNotifications":true,"payoutInterval":"weekly","userId":"\#(userID)"}"#
            )

            let updated = try await fixture.send(
                "PUT",
                "/api/v1/settings/me",
                json:
                    #"{"autoPayouts":true,"payoutInterval":"daily","defaultCurrency":"EUR","emailNotifications":false}"#,
                as: identity
            )
            #expect(updated.status == 200, "\(updated.bodyText)")
            let object = try json(updated)
            #expect(object["autoPayouts"] as? Bool == true)
            #expect(object["payoutInterval"] as? String == "daily")
            #expect(object["defaultCurrency"] as? String == "EUR")
            #expect(object["emailNotifications"] as? Bool == false)
            #expect(object["disputeNotifications"] as? Bool == true, "not given: unchanged")
            #expect(object["userId"] as? String == userID)

            let partial = try await fixture.send(
                "PUT",
                "/api/v1/settings/me",
                json: #"{"payoutInterval":"MONTHLY","defaultCurrency":"gbp"}"#,
                as: identity
            )
            let after = try json(partial)
            #expect(after["payoutInterval"] as? String == "monthly")
            #expect(after["defaultCurrency"] as? String == "GBP")
            #expect(after["autoPayouts"] as? Bool == true)
            let reread = try await fixture.send("GET", "/api/v1/settings/me", as: identity)
            #expect(reread.bodyText == partial.bodyText)
            let me = try await fixture.send("GET", "/api/v1/me", as: identity)
            #expect(try json(me)["defaultCurrency"] as? String == "GBP")

            let named = try await fixture.send(
                "PUT",
                "/api/v1/settings/me/name",
                json: #"{"name":"Andrei Bucur"}"#,
                as: identity
            )
            #expect(named.status == 200)
            #expect(named.bodyText == #"{"name":"Andrei Bucur"}"#)
            #expect(
                try json(try await fixture.send("GET", "/api/v1/me", as: identity))["name"] as? String == "Andrei Bucur"
            )
        }
    }

    @Test(arguments: [
        ("/api/v1/settings/me", #"{"payoutInterval":"hourly"}"#, "payoutInterval"),
        ("/api/v1/settings/me", #"{"defaultCurrency":"USD"}"#, "defaultCurrency"),
        ("/api/v1/settings/me", #"{"autoPayouts":"yes"}"#, "autoPayouts"),
        ("/api/v1/settings/me", #"{"emailNotifications":1}"#, "emailNotifications"),
        ("/api/v1/settings/me", #"{"disputeNotifications":null,"payoutInterval":5}"#, "payoutInterval"),
        ("/api/v1/settings/me/name", #"{"name":""}"#, "name"),
        ("/api/v1/settings/me/name", #"{}"#, "name"),
        ("/api/v1/settings/me/name", #"{"name":["a"]}"#, "name"),
    ])
    func validatesSettings(path: String, body: String, field: String) async throws {
        try await AuthFixture.run { fixture in
            let (_, userID) = try await fixture.signIn("bad-settings@example.com")
            let response = try await fixture.send("PUT", path, json: body, as: AuthFixture.user(userID))
            #expect(response.status == 400, "\(response.bodyText)")
            #expect(errorCode(response) == "VALIDATION_ERROR")
            #expect(errorMessage(response)?.hasPrefix(field) == true, "\(response.bodyText)")
            let settings = try await fixture.send("GET", "/api/v1/settings/me", as: AuthFixture.user(userID))
            #expect(try json(settings)["payoutInterval"] as? String == "weekly")
        }
    }
}
