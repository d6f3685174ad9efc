import HTTPCore
import StripeSandbox
import StripeSandboxCore
import StripeSandboxTesting
import Testing

@Suite("Stripe sandbox wire format")
struct CoreWireTests {
    @Test("events list is a Stripe list; an unknown route, a missing key and a wrong key get Stripe errors")
    func basics() async throws {
        try await SandboxHarness.with(families: StripeSandbox.families) { sandbox in
            let list = try await sandbox.call("GET", "/v1/events", [("limit", "3")])
            #expect(list.status == 200)
            #expect(list.string("object") == "list")
            #expect(list.json["has_more"] == false)
            #expect(list.string("url") == "/v1/events")
            #expect(list.headers["Stripe-Version"] == "2026-10-28.endive")

            let unknown = try await sandbox.call("GET", "/v1/nothing_here")
            #expect(unknown.status == 404)
            #expect(unknown.error("type") == "invalid_request_error")
            #expect(unknown.error("message")?.hasPrefix("Unrecognized request URL (GET: /v1/nothing_here)") == true)

            let anonymous = try await sandbox.call("GET", "/v1/events", key: nil)
            #expect(anonymous.status == 401)
            #expect(anonymous.error("message")?.contains("You did not provide an API key") == true)

            let wrong = try await sandbox.call("GET", "/v1/events", key: "sk_test_wrongwrongwrong1234")
            #expect(wrong.status == 401)
            #expect(wrong.error("message")?.hasSuffix("1234") == true)
            #expect(wrong.error("message")?.contains("wrongwrong") == false)

            let publishable = try await sandbox.call("GET", "/v1/events", key: SandboxHarness.publishableKey)
            #expect(publishable.status == 401)

            let badLimit = try await sandbox.call("GET", "/v1/events", [("limit", "abc")])
            #expect(badLimit.status == 400)
            #expect(badLimit.error("param") == "limit")
            #expect(badLimit.error("message") == "Invalid integer: abc")

            let unknownParam = try await sandbox.call("GET", "/v1/events", [("colour", "red")])
            #expect(unknownParam.status == 400)
            #expect(unknownParam.error("message") == "Received unknown parameter: colour")

            let missing = try await sandbox.call("GET", "/v1/events/evt_doesnotexist")
            #expect(missing.status == 404)
            #expect(missing.error("code") == "resource_missing")
            #expect(missing.error("message") == "No such event: 'evt_doesnotexist'")

            let strangers = try await sandbox.call("GET", "/v1/events", account: "acct_1Nobody")
            #expect(strangers.status == 403)
            #expect(strangers.error("code") == "account_invalid")
        }
    }

    @Test("the sandbox clock moves forward and reports the new time")
    func clock() async throws {
        try await SandboxHarness.with(families: StripeSandbox.families) { sandbox in
            let first = try await sandbox.call("POST", "/v1/test_helpers/advance_time", [("seconds", "86400")])
            #expect(first.status == 200)
            let now = try #require(first.json["now"]?.intValue)
            let second = try await sandbox.call("POST", "/v1/test_helpers/advance_time", [("seconds", "60")])
            let later = try #require(second.json["now"]?.intValue)
            #expect(later - now >= 60 && later - now < 70)
            let backwards = try await sandbox.call("POST", "/v1/test_helpers/advance_time", [("to", "1")])
            #expect(backwards.status == 400)
            #expect(backwards.error("param") == "to")
        }
    }
}

@Suite("Stripe sandbox: Stripe.js-style calls")
struct BrowserKeyTests {
    @Test("the publishable key may come as the `key` form field on browser routes, never on secret ones")
    func keyInBody() async throws {
        try await SandboxHarness.with(families: StripeSandbox.families) { sandbox in
            let created = try await sandbox.call(
                "POST",
                "/v1/payment_intents",
                [("amount", "1200"), ("currency", "eur")]
            )
            let id = try #require(created.string("id"))
            let secret = try #require(created.string("client_secret"))
            let confirmed = try await sandbox.call(
                "POST",
                "/v1/payment_intents/\(id)/confirm",
                [
                    ("key", SandboxHarness.publishableKey), ("client_secret", secret),
                    ("payment_method", "pm_card_visa"),
                ],
                key: nil
            )
            #expect(confirmed.status == 200)
            #expect(confirmed.string("status") == "succeeded")
            let wrongKey = try await sandbox.call(
                "POST",
                "/v1/payment_intents/\(id)/confirm",
                [("key", "pk_test_someoneelse00000"), ("client_secret", secret)],
                key: nil
            )
            #expect(wrongKey.status == 401)
            let secretRoute = try await sandbox.call(
                "POST",
                "/v1/customers",
                [("key", SandboxHarness.publishableKey)],
                key: nil
            )
            #expect(secretRoute.status == 401)
        }
    }
}
