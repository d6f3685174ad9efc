import HTTPCore
import StripeSandboxConnect
import StripeSandboxCore
import StripeSandboxTesting
import TestSupport
import Testing

/// The strings of a JSON array.
func strings(_ value: JSON?) -> [String] { (value?.arrayValue ?? []).compactMap(\.stringValue) }

@Suite("Stripe sandbox: Connect accounts and onboarding")
struct ConnectFamilyTests {
    @Test("a new account lists what onboarding needs; update records account.updated; delete answers the stub")
    func accounts() async throws {
        try await SandboxHarness.with(families: [ConnectFamily.family]) { sandbox in
            let created = try await sandbox.call(
                "POST",
                "/v1/accounts",
                [
                    ("type", "express"), ("email", "shop@example.com"),
                    ("capabilities[card_payments][requested]", "true"), ("capabilities[transfers][requested]", "true"),
                    ("metadata[user]", "u-1"),
                ]
            )
            #expect(created.status == 200)
            let id = try #require(created.string("id"))
            #expect(id.hasPrefix("acct_") && id.count == 21)
            #expect(created.string("country") == "RO")
            #expect(created.string("default_currency") == "ron")
            #expect(created.string("type") == "express")
            #expect(created.json["controller"]?["type"] == "application")
            #expect(created.json["charges_enabled"] == false)
            #expect(created.json["payouts_enabled"] == false)
            #expect(created.json["details_submitted"] == false)
            #expect(created.json["capabilities"]?["card_payments"] == "inactive")
            #expect(created.json["metadata"]?["user"] == "u-1")
            let due = strings(created.json["requirements"]?["currently_due"])
            #expect(due.contains("external_account") && due.contains("tos_acceptance.date"))
            #expect(due.contains("individual.first_name") && due.contains("business_profile.url"))
            #expect(due == due.sorted())
            #expect(strings(created.json["requirements"]?["eventually_due"]) == due)
            #expect(created.json["requirements"]?["past_due"] == [])
            #expect(created.json["requirements"]?["disabled_reason"] == "requirements.past_due")
            #expect(created.json["external_accounts"]?["url"] == .string("/v1/accounts/\(id)/external_accounts"))

            let fetched = try await sandbox.call("GET", "/v1/accounts/\(id)")
            #expect(fetched.body == created.body)

            let updated = try await sandbox.call(
                "POST",
                "/v1/accounts/\(id)",
                [("email", "new@example.com"), ("business_profile[url]", "https://shop.example.com")]
            )
            #expect(updated.status == 200)
            #expect(updated.string("email") == "new@example.com")
            #expect(strings(updated.json["requirements"]?["currently_due"]).contains("business_profile.url") == false)
            let events = try await sandbox.call("GET", "/v1/events", [("type", "account.updated")], account: id)
            let event = try #require(events.json["data"]?.arrayValue?.first)
            #expect(event["account"] == .string(id))
            #expect(event["data"]?["previous_attributes"]?["email"] == "shop@example.com")
            #expect(event["data"]?["object"]?["email"] == "new@example.com")

            let selfView = try await sandbox.call("GET", "/v1/account", account: id)
            #expect(selfView.string("id") == id)
            let platform = try await sandbox.call("GET", "/v1/account")
            #expect(platform.string("id") == SandboxHarness.platform)
            #expect(platform.json["charges_enabled"] == true)

            let second = try await sandbox.call("POST", "/v1/accounts", [("type", "standard"), ("country", "gb")])
            #expect(second.string("country") == "GB")
            #expect(second.string("default_currency") == "gbp")
            let list = try await sandbox.call("GET", "/v1/accounts", [("limit", "10")])
            let secondID = try #require(second.string("id"))
            #expect(list.json["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [secondID, id])

            let deleted = try await sandbox.call("DELETE", "/v1/accounts/\(id)")
            #expect(deleted.json == ["id": .string(id), "object": "account", "deleted": true])
            let gone = try await sandbox.call("GET", "/v1/accounts/\(id)")
            #expect(gone.status == 404)
            #expect(gone.error("code") == "resource_missing")
            let asGone = try await sandbox.call("GET", "/v1/customers", account: id)
            #expect(asGone.status == 403)
        }
    }

    @Test("bad account parameters get 400s naming the parameter; only the platform creates accounts")
    func accountErrors() async throws {
        try await SandboxHarness.with(families: [ConnectFamily.family]) { sandbox in
            let country = try await sandbox.call("POST", "/v1/accounts", [("country", "R1")])
            #expect(country.status == 400)
            #expect(country.error("param") == "country")
            let type = try await sandbox.call("POST", "/v1/accounts", [("type", "premium")])
            #expect(type.status == 400)
            #expect(type.error("param") == "type")
            let capability = try await sandbox.call(
                "POST",
                "/v1/accounts",
                [("capabilities[card_payments][requested]", "yes")]
            )
            #expect(capability.status == 400)
            #expect(capability.error("param") == "capabilities[card_payments][requested]")
            let email = try await sandbox.call("POST", "/v1/accounts", [("email", "not-an-email")])
            #expect(email.status == 400)
            #expect(email.error("code") == "email_invalid")
            let unknown = try await sandbox.call("POST", "/v1/accounts", [("colour", "red")])
            #expect(unknown.error("message") == "Received unknown parameter: colour")
            let connected = try await sandbox.makeConnectedAccount()
            let nested = try await sandbox.call("POST", "/v1/accounts", [("type", "express")], account: connected)
            #expect(nested.status == 403)
            let list = try await sandbox.call("GET", "/v1/accounts")
            #expect(list.json["data"]?.arrayValue?.count == 1)
        }
    }

    @Test("an idempotent account create returns the same bytes and makes one account")
    func idempotentCreate() async throws {
        try await SandboxHarness.with(families: [ConnectFamily.family]) { sandbox in
            let form = [("type", "express"), ("email", "idem@example.com")]
            let first = try await sandbox.call("POST", "/v1/accounts", form, idempotencyKey: "acct-key-1")
            let second = try await sandbox.call("POST", "/v1/accounts", form, idempotencyKey: "acct-key-1")
            #expect(first.status == 200)
            #expect(second.body == first.body)
            #expect(second.headers["Idempotent-Replayed"] == "true")
            let other = try await sandbox.call(
                "POST",
                "/v1/accounts",
                [("type", "standard")],
                idempotencyKey: "acct-key-1"
            )
            #expect(other.status == 400)
            #expect(other.error("type") == "idempotency_error")
            let list = try await sandbox.call("GET", "/v1/accounts")
            let firstID = try #require(first.string("id"))
            #expect(list.json["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [firstID])
        }
    }

    @Test("an account link opens the onboarding page; completing it enables the account and uses the link up")
    func onboarding() async throws {
        try await SandboxHarness.with(families: [ConnectFamily.family]) { sandbox in
            let account = try await sandbox.call(
                "POST",
                "/v1/accounts",
                [
                    ("type", "express"), ("email", "<b>shop</b>@example.com"),
                    ("capabilities[transfers][requested]", "true"),
                ]
            )
            #expect(account.status == 400)  // not an email: '<' is refused
            let created = try await sandbox.call(
                "POST",
                "/v1/accounts",
                [
                    ("type", "express"), ("business_profile[name]", "Ana's <Shop>"),
                    ("capabilities[card_payments][requested]", "true"), ("capabilities[transfers][requested]", "true"),
                ]
            )
            let id = try #require(created.string("id"))
            let returnURL = "https://paylinks.test/onboarding/return?a=1"
            let refreshURL = "https://paylinks.test/onboarding/refresh"
            let badURL = try await sandbox.call(
                "POST",
                "/v1/account_links",
                [
                    ("account", id), ("type", "account_onboarding"), ("refresh_url", refreshURL),
                    ("return_url", "ftp://x"),
                ]
            )
            #expect(badURL.status == 400)
            #expect(badURL.error("param") == "return_url")
            let missingAccount = try await sandbox.call(
                "POST",
                "/v1/account_links",
                [
                    ("account", "acct_1Unknown000000"), ("type", "account_onboarding"), ("refresh_url", refreshURL),
                    ("return_url", returnURL),
                ]
            )
            #expect(missingAccount.status == 404)
            #expect(missingAccount.error("param") == "account")

            let update = try await sandbox.call(
                "POST",
                "/v1/account_links",
                [("account", id), ("type", "account_update"), ("refresh_url", refreshURL), ("return_url", returnURL)]
            )
            #expect(update.status == 400)
            #expect(update.error("param") == "type")

            let link = try await sandbox.call(
                "POST",
                "/v1/account_links",
                [
                    ("account", id), ("type", "account_onboarding"), ("refresh_url", refreshURL),
                    ("return_url", returnURL),
                ]
            )
            #expect(link.status == 200)
            #expect(link.string("object") == "account_link")
            let created_ = try #require(link.json["created"]?.intValue)
            #expect(link.json["expires_at"]?.intValue == created_ + 300)
            let url = try #require(link.string("url"))
            #expect(url.hasPrefix("http://test/sandbox/onboarding/sbxlink_"))

            let page = try await sandbox.browse("GET", url)
            #expect(page.status == 200)
            #expect(page.headers["Content-Type"]?.hasPrefix("text/html") == true)
            let html = String(decoding: page.body, as: UTF8.self)
            #expect(html.contains("<form method=\"post\">"))
            #expect(html.contains("name=\"action\" value=\"complete\">Complete onboarding</button>"))
            #expect(html.contains("Ana&#39;s &lt;Shop&gt;"))
            #expect(!html.contains("<Shop>"))
            #expect(html.contains(id))

            let wrongAction = try await sandbox.browse("POST", url, form: "action=delete")
            #expect(wrongAction.status == 400)
            let done = try await sandbox.browse("POST", url, form: "action=complete")
            #expect(done.status == 303)
            #expect(done.headers["Location"] == returnURL)

            let account_ = try await sandbox.call("GET", "/v1/accounts/\(id)")
            #expect(account_.json["details_submitted"] == true)
            #expect(account_.json["charges_enabled"] == true)
            #expect(account_.json["payouts_enabled"] == true)
            #expect(account_.json["capabilities"]?["card_payments"] == "active")
            #expect(account_.json["capabilities"]?["transfers"] == "active")
            #expect(account_.json["requirements"]?["currently_due"] == [])
            #expect(account_.json["requirements"]?["eventually_due"] == [])
            #expect(account_.json["requirements"]?["past_due"] == [])
            #expect(account_.json["requirements"]?["disabled_reason"] == .null)
            let bank = try #require(account_.json["external_accounts"]?["data"]?.arrayValue?.first)
            #expect(bank["object"] == "bank_account")
            #expect(bank["id"]?.stringValue?.hasPrefix("ba_") == true)

            let events = try await sandbox.call("GET", "/v1/events", [("type", "account.updated")], account: id)
            let event = try #require(events.json["data"]?.arrayValue?.first)
            #expect(event["account"] == .string(id))
            #expect(event["data"]?["object"]?["charges_enabled"] == true)
            #expect(event["data"]?["previous_attributes"]?["charges_enabled"] == false)
            let platformEvents = try await sandbox.call("GET", "/v1/events", [("type", "account.updated")])
            #expect(platformEvents.json["data"] == [])

            let again = try await sandbox.browse("POST", url, form: "action=complete")
            #expect(again.status == 303)
            #expect(again.headers["Location"] == refreshURL)
            let reopened = try await sandbox.browse("GET", url)
            #expect(reopened.status == 303)
            #expect(reopened.headers["Location"] == refreshURL)
            let unknown = try await sandbox.browse("GET", "/sandbox/onboarding/sbxlink_doesnotexist")
            #expect(unknown.status == 404)
            #expect(String(decoding: unknown.body, as: UTF8.self).contains("does not exist"))

            // A link expires after five minutes of sandbox time.
            let late = try await sandbox.call(
                "POST",
                "/v1/account_links",
                [
                    ("account", id), ("type", "account_onboarding"), ("refresh_url", refreshURL),
                    ("return_url", returnURL),
                ]
            )
            _ = try await sandbox.call("POST", "/v1/test_helpers/advance_time", [("seconds", "301")])
            let expired = try await sandbox.browse("GET", try #require(late.string("url")))
            #expect(expired.status == 303)
            #expect(expired.headers["Location"] == refreshURL)
        }
    }
}
