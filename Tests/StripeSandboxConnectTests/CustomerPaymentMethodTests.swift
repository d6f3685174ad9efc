import HTTPCore
import StripeSandboxConnect
import StripeSandboxCore
import StripeSandboxTesting
import TestSupport
import Testing

@Suite("Stripe sandbox: customers, payment methods and setup intents")
struct CustomerPaymentMethodTests {
    @Test("customers: create, retrieve, update, list by email, delete; events; Stripe's errors")
    func customers() async throws {
        try await SandboxHarness.with(families: [ConnectFamily.family]) { sandbox in
            let acct = try await sandbox.makeConnectedAccount()
            let created = try await sandbox.call(
                "POST",
                "/v1/customers",
                [
                    ("email", "ana@example.com"), ("name", "Ana Popescu"), ("address[city]", "Cluj"),
                    ("metadata[order]", "42"), ("preferred_locales[]", "ro"),
                ],
                account: acct
            )
            #expect(created.status == 200)
            let id = try #require(created.string("id"))
            #expect(id.hasPrefix("cus_"))
            #expect(created.json["address"]?["city"] == "Cluj")
            #expect(created.json["address"]?["line1"] == .null)
            #expect(created.json["discount"] == .null)
            #expect(created.json["shipping"] == .null)
            #expect(created.json["preferred_locales"] == ["ro"])
            #expect(created.json["invoice_settings"]?["default_payment_method"] == .null)
            let keys = created.json.objectValue?.memberNames ?? []
            #expect(keys == Templates.make("customer").memberNames)

            let updated = try await sandbox.call(
                "POST",
                "/v1/customers/\(id)",
                [("name", "Ana P."), ("metadata[order]", "")],
                account: acct
            )
            #expect(updated.string("name") == "Ana P.")
            #expect(updated.json["metadata"] == [:])
            _ = try await sandbox.call("POST", "/v1/customers", [("email", "ion@example.com")], account: acct)
            let byEmail = try await sandbox.call("GET", "/v1/customers", [("email", "ana@example.com")], account: acct)
            #expect(byEmail.json["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [id])

            // Isolation: another account and the platform do not see it.
            let other = try await sandbox.makeConnectedAccount()
            let fromOther = try await sandbox.call("GET", "/v1/customers/\(id)", account: other)
            #expect(fromOther.status == 404)
            #expect(fromOther.error("message") == "No such customer: '\(id)'")
            let fromPlatform = try await sandbox.call("GET", "/v1/customers/\(id)")
            #expect(fromPlatform.status == 404)
            #expect(try await sandbox.call("GET", "/v1/customers", account: other).json["data"] == [])

            let badEmail = try await sandbox.call("POST", "/v1/customers", [("email", "nope")], account: acct)
            #expect(badEmail.status == 400)
            #expect(badEmail.error("code") == "email_invalid")
            #expect(badEmail.error("param") == "email")
            let badClock = try await sandbox.call(
                "POST",
                "/v1/customers",
                [("test_clock", "clock_nope")],
                account: acct
            )
            #expect(badClock.status == 404)
            #expect(badClock.error("param") == "test_clock")
            let publishable = try await sandbox.call(
                "GET",
                "/v1/customers",
                account: acct,
                key: SandboxHarness.publishableKey
            )
            #expect(publishable.status == 401)

            let deleted = try await sandbox.call("DELETE", "/v1/customers/\(id)", account: acct)
            #expect(deleted.json == ["deleted": true, "id": .string(id), "object": "customer"])
            #expect(try await sandbox.call("GET", "/v1/customers/\(id)", account: acct).status == 404)
            let events = try await sandbox.call("GET", "/v1/events", account: acct)
            let types = events.json["data"]?.arrayValue?.compactMap { $0["type"]?.stringValue } ?? []
            #expect(types == ["customer.deleted", "customer.created", "customer.updated", "customer.created"])
            #expect(events.json["data"]?.arrayValue?.allSatisfy { $0["account"] == .string(acct) } == true)
        }
    }

    @Test("payment methods: Stripe.js-style create, test tokens, attach, detach, decline on attach")
    func paymentMethods() async throws {
        try await SandboxHarness.with(families: [ConnectFamily.family]) { sandbox in
            let acct = try await sandbox.makeConnectedAccount()
            let card = try await sandbox.call(
                "POST",
                "/v1/payment_methods",
                [
                    ("type", "card"), ("card[number]", "4242 4242 4242 4242"), ("card[exp_month]", "8"),
                    ("card[exp_year]", "2031"), ("card[cvc]", "123"), ("billing_details[name]", "Ana"),
                ],
                account: acct,
                key: SandboxHarness.publishableKey
            )
            #expect(card.status == 200)
            let pm = try #require(card.string("id"))
            #expect(card.json["card"]?["last4"] == "4242")
            #expect(card.json["card"]?["brand"] == "visa")
            #expect(card.json["card"]?["exp_month"] == 8)
            #expect(card.json["card"]?["exp_year"] == 2031)
            #expect(card.json["billing_details"]?["name"] == "Ana")
            #expect(card.json["customer"] == .null)

            let unknown = try await sandbox.call(
                "POST",
                "/v1/payment_methods",
                [
                    ("type", "card"), ("card[number]", "4111111111111112"), ("card[exp_month]", "8"),
                    ("card[exp_year]", "2031"),
                ],
                account: acct,
                key: SandboxHarness.publishableKey
            )
            #expect(unknown.status == 402)
            #expect(unknown.error("type") == "card_error")
            #expect(unknown.error("code") == "incorrect_number")
            #expect(unknown.error("param") == "card[number]")
            let expired = try await sandbox.call(
                "POST",
                "/v1/payment_methods",
                [
                    ("type", "card"), ("card[number]", "4242424242424242"), ("card[exp_month]", "1"),
                    ("card[exp_year]", "2020"),
                ],
                account: acct
            )
            #expect(expired.error("code") == "invalid_expiry_year")
            let missingType = try await sandbox.call(
                "POST",
                "/v1/payment_methods",
                [("card[token]", "tok_visa")],
                account: acct
            )
            #expect(missingType.status == 400)
            #expect(missingType.error("param") == "type")

            let token = try await sandbox.call(
                "POST",
                "/v1/payment_methods",
                [("type", "card"), ("card[token]", "tok_mastercard")],
                account: acct
            )
            #expect(token.json["card"]?["brand"] == "mastercard")
            let materialised = try await sandbox.call("GET", "/v1/payment_methods/pm_card_visa", account: acct)
            #expect(materialised.string("id")?.hasPrefix("pm_") == true)
            #expect(materialised.string("id") != "pm_card_visa")

            let customer = try #require(
                try await sandbox.call("POST", "/v1/customers", [("email", "b@example.com")], account: acct).string(
                    "id"
                )
            )
            let attached = try await sandbox.call(
                "POST",
                "/v1/payment_methods/\(pm)/attach",
                [("customer", customer)],
                account: acct
            )
            #expect(attached.status == 200)
            #expect(attached.string("customer") == customer)
            let fromToken = try await sandbox.call(
                "POST",
                "/v1/payment_methods/pm_card_mastercard/attach",
                [("customer", customer)],
                account: acct
            )
            #expect(fromToken.string("customer") == customer)
            #expect(fromToken.string("id") != "pm_card_mastercard")
            let declined = try await sandbox.call(
                "POST",
                "/v1/payment_methods/pm_card_chargeDeclined/attach",
                [("customer", customer)],
                account: acct
            )
            #expect(declined.status == 402)
            #expect(declined.error("type") == "card_error")
            #expect(declined.error("code") == "card_declined")
            #expect(declined.error("decline_code") == "generic_decline")
            let saveable = try await sandbox.call(
                "POST",
                "/v1/payment_methods/pm_card_chargeCustomerFail/attach",
                [("customer", customer)],
                account: acct
            )
            #expect(saveable.status == 200)

            let listed = try await sandbox.call(
                "GET",
                "/v1/payment_methods",
                [("customer", customer), ("type", "card")],
                account: acct
            )
            #expect(listed.json["data"]?.arrayValue?.count == 3)
            let nested = try await sandbox.call("GET", "/v1/customers/\(customer)/payment_methods", account: acct)
            #expect(nested.json["data"] == listed.json["data"])
            #expect(nested.string("url") == "/v1/customers/\(customer)/payment_methods")

            let withDefault = try await sandbox.call(
                "POST",
                "/v1/customers/\(customer)",
                [("invoice_settings[default_payment_method]", pm)],
                account: acct
            )
            #expect(withDefault.json["invoice_settings"]?["default_payment_method"] == .string(pm))
            let notMine = try await sandbox.call(
                "POST",
                "/v1/customers/\(customer)",
                [("invoice_settings[default_payment_method]", try #require(token.string("id")))],
                account: acct
            )
            #expect(notMine.status == 400)
            #expect(notMine.error("param") == "invoice_settings[default_payment_method]")

            let detached = try await sandbox.call("POST", "/v1/payment_methods/\(pm)/detach", account: acct)
            #expect(detached.json["customer"] == .null)
            let after = try await sandbox.call("GET", "/v1/customers/\(customer)", account: acct)
            #expect(after.json["invoice_settings"]?["default_payment_method"] == .null)
            let twice = try await sandbox.call("POST", "/v1/payment_methods/\(pm)/detach", account: acct)
            #expect(twice.status == 400)

            let events = try await sandbox.call("GET", "/v1/events", [("limit", "100")], account: acct)
            let types = events.json["data"]?.arrayValue?.compactMap { $0["type"]?.stringValue } ?? []
            #expect(types.filter { $0 == "payment_method.attached" }.count == 3)
            #expect(types.first == "payment_method.detached")

            // A customer created with a test token has it attached and as its default.
            let withCard = try await sandbox.call(
                "POST",
                "/v1/customers",
                [("payment_method", "pm_card_visa"), ("invoice_settings[default_payment_method]", "pm_card_visa")],
                account: acct
            )
            let defaultMethod = try #require(withCard.json["invoice_settings"]?["default_payment_method"]?.stringValue)
            let stored = try await sandbox.call("GET", "/v1/payment_methods/\(defaultMethod)", account: acct)
            #expect(stored.string("customer") == withCard.string("id"))
        }
    }

    @Test("setup intents: confirm saves the card; declines keep their effects; 3-D Secure needs the page")
    func setupIntents() async throws {
        try await SandboxHarness.with(families: [ConnectFamily.family]) { sandbox in
            let acct = try await sandbox.makeConnectedAccount()
            let customer = try #require(try await sandbox.call("POST", "/v1/customers", account: acct).string("id"))
            let created = try await sandbox.call(
                "POST",
                "/v1/setup_intents",
                [("customer", customer), ("usage", "off_session"), ("metadata[k]", "v")],
                account: acct
            )
            #expect(created.status == 200)
            let id = try #require(created.string("id"))
            let secret = try #require(created.string("client_secret"))
            #expect(id.hasPrefix("seti_") && secret.hasPrefix("\(id)_secret_"))
            #expect(created.string("status") == "requires_payment_method")
            #expect(created.json.objectValue?.memberNames == Templates.make("setup_intent").memberNames)

            let browser = try await sandbox.call(
                "GET",
                "/v1/setup_intents/\(id)",
                [("client_secret", secret)],
                account: acct,
                key: SandboxHarness.publishableKey
            )
            #expect(browser.string("id") == id)
            let wrongSecret = try await sandbox.call(
                "POST",
                "/v1/setup_intents/\(id)/confirm",
                [("client_secret", "\(id)_secret_wrong"), ("payment_method", "pm_card_visa")],
                account: acct,
                key: SandboxHarness.publishableKey
            )
            #expect(wrongSecret.status == 400)
            #expect(wrongSecret.error("param") == "client_secret")

            let confirmed = try await sandbox.call(
                "POST",
                "/v1/setup_intents/\(id)/confirm",
                [
                    ("client_secret", secret), ("payment_method_data[type]", "card"),
                    ("payment_method_data[card][number]", "5555555555554444"),
                    ("payment_method_data[card][exp_month]", "12"), ("payment_method_data[card][exp_year]", "2034"),
                ],
                account: acct,
                key: SandboxHarness.publishableKey
            )
            #expect(confirmed.status == 200)
            #expect(confirmed.string("status") == "succeeded")
            let method = try #require(confirmed.string("payment_method"))
            let saved = try await sandbox.call("GET", "/v1/payment_methods/\(method)", account: acct)
            #expect(saved.string("customer") == customer)
            #expect(saved.json["card"]?["brand"] == "mastercard")
            let again = try await sandbox.call("POST", "/v1/setup_intents/\(id)/confirm", account: acct)
            #expect(again.error("code") == "setup_intent_unexpected_state")

            // A declining card: 402 with the intent, which is back to requires_payment_method.
            let failing = try await sandbox.call(
                "POST",
                "/v1/setup_intents",
                [("customer", customer), ("payment_method", "pm_card_chargeDeclined"), ("confirm", "true")],
                account: acct,
                idempotencyKey: "seti-decline"
            )
            #expect(failing.status == 402)
            #expect(failing.error("code") == "card_declined")
            let failedIntent = try #require(failing.json["error"]?["setup_intent"])
            #expect(failedIntent["status"] == "requires_payment_method")
            #expect(failedIntent["last_setup_error"]?["decline_code"] == "generic_decline")
            let failedID = try #require(failedIntent["id"]?.stringValue)
            let stored = try await sandbox.call("GET", "/v1/setup_intents/\(failedID)", account: acct)
            #expect(stored.string("status") == "requires_payment_method")
            let replay = try await sandbox.call(
                "POST",
                "/v1/setup_intents",
                [("customer", customer), ("payment_method", "pm_card_chargeDeclined"), ("confirm", "true")],
                account: acct,
                idempotencyKey: "seti-decline"
            )
            #expect(replay.body == failing.body)
            let canceled = try await sandbox.call(
                "POST",
                "/v1/setup_intents/\(failedID)/cancel",
                [("cancellation_reason", "abandoned")],
                account: acct
            )
            #expect(canceled.string("status") == "canceled")
            #expect(canceled.string("cancellation_reason") == "abandoned")

            // 3-D Secure: requires_action, then the sandbox page completes it.
            let secure = try await sandbox.call(
                "POST",
                "/v1/setup_intents",
                [
                    ("customer", customer), ("payment_method", "pm_card_authenticationRequired"), ("confirm", "true"),
                    ("return_url", "https://paylinks.test/done"),
                ],
                account: acct
            )
            #expect(secure.string("status") == "requires_action")
            #expect(secure.json["next_action"]?["type"] == "redirect_to_url")
            let url = try #require(secure.json["next_action"]?["redirect_to_url"]?["url"]?.stringValue)
            let page = try await sandbox.browse("GET", url)
            #expect(page.status == 200)
            #expect(String(decoding: page.body, as: UTF8.self).contains("value=\"complete\""))
            let done = try await sandbox.browse("POST", url, form: "action=complete")
            #expect(done.status == 303)
            #expect(done.headers["Location"] == "https://paylinks.test/done")
            let finished = try await sandbox.call(
                "GET",
                "/v1/setup_intents/\(secure.string("id") ?? "")",
                account: acct
            )
            #expect(finished.string("status") == "succeeded")
            #expect(finished.json["next_action"] == .null)

            // Failing the authentication puts the intent back to requires_payment_method.
            let refused = try await sandbox.call(
                "POST",
                "/v1/setup_intents",
                [("customer", customer), ("payment_method", "pm_card_threeDSecure2Required"), ("confirm", "true")],
                account: acct
            )
            let refusedURL = try #require(refused.json["next_action"]?["redirect_to_url"]?["url"]?.stringValue)
            let wrongSecret3DS = try await sandbox.browse(
                "GET",
                refusedURL.replacing("_secret_", with: "_secret_x")
            )
            #expect(wrongSecret3DS.status == 404)
            let failedPage = try await sandbox.browse("POST", refusedURL, form: "action=fail")
            #expect(failedPage.status == 200)
            #expect(String(decoding: failedPage.body, as: UTF8.self).contains("requires_payment_method"))
            let afterFail = try await sandbox.call(
                "GET",
                "/v1/setup_intents/\(refused.string("id") ?? "")",
                account: acct
            )
            #expect(afterFail.string("status") == "requires_payment_method")
            #expect(afterFail.json["last_setup_error"]?["code"] == "setup_intent_authentication_failure")

            let events = try await sandbox.call("GET", "/v1/events", [("limit", "100")], account: acct)
            let types = Set(events.json["data"]?.arrayValue?.compactMap { $0["type"]?.stringValue } ?? [])
            #expect(
                types.isSuperset(of: [
                    "setup_intent.created", "setup_intent.succeeded", "setup_intent.setup_failed",
                    "setup_intent.canceled", "setup_intent.requires_action", "payment_method.attached",
                ])
            )
            let list = try await sandbox.call("GET", "/v1/setup_intents", [("customer", customer)], account: acct)
            #expect(list.json["data"]?.arrayValue?.count == 4)
        }
    }
}
