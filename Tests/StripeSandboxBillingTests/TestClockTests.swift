import StripeSandboxBilling
import StripeSandboxCore
import StripeSandboxTesting
import Testing

@Suite("Stripe sandbox Billing: test clocks and Stripe-Account isolation")
struct TestClockTests {
    @Test("advancing a test clock renews only its customers' subscriptions, on calendar months")
    func testClockRenewals() async throws {
        try await SandboxHarness.with(families: BillingFixtures.families) { sandbox in
            let price = try await BillingFixtures.monthlyPrice(sandbox)
            let jan31: Int64 = 1_769_817_600  // 2026-01-31T00:00:00Z
            let clock = try await sandbox.call(
                "POST",
                "/v1/test_helpers/test_clocks",
                [("frozen_time", String(jan31)), ("name", "month end")]
            )
            #expect(clock.status == 200)
            let clockID = try #require(clock.string("id"))
            #expect(clockID.hasPrefix("clock_"))
            #expect(clock.string("status") == "ready")
            #expect(clock.json["frozen_time"]?.intValue == jan31)

            let onClock = try await BillingFixtures.insertCustomer(sandbox, testClock: clockID)
            let offClock = try await BillingFixtures.insertCustomer(sandbox)
            let clocked = try await sandbox.call(
                "POST",
                "/v1/subscriptions",
                [("customer", onClock.customer), ("items[0][price]", price)]
            )
            #expect(clocked.string("status") == "active")
            #expect(clocked.json["test_clock"] == .string(clockID))
            #expect(clocked.json["created"]?.intValue == jan31)
            let feb28 = BillingPeriods.days(year: 2026, month: 2, day: 28) * 86_400
            #expect(BillingFixtures.period(clocked.json).end == feb28)
            let clockedID = try #require(clocked.string("id"))
            let plain = try await sandbox.call(
                "POST",
                "/v1/subscriptions",
                [("customer", offClock.customer), ("items[0][price]", price)]
            )
            let plainID = try #require(plain.string("id"))

            let backwards = try await sandbox.call(
                "POST",
                "/v1/test_helpers/test_clocks/\(clockID)/advance",
                [("frozen_time", String(jan31))]
            )
            #expect(backwards.status == 400)
            #expect(backwards.error("param") == "frozen_time")

            // Two months and a bit on the clock: Feb 28 and Mar 31 renewals (the anchor day is kept).
            let target = BillingPeriods.days(year: 2026, month: 3, day: 31) * 86_400 + 3 * 3600
            let advanced = try await sandbox.call(
                "POST",
                "/v1/test_helpers/test_clocks/\(clockID)/advance",
                [("frozen_time", String(target))]
            )
            #expect(advanced.status == 200)
            #expect(advanced.string("status") == "advancing")
            let ready = try await sandbox.call("GET", "/v1/test_helpers/test_clocks/\(clockID)")
            #expect(ready.string("status") == "ready")
            #expect(ready.json["frozen_time"]?.intValue == target)

            let renewed = try await sandbox.call("GET", "/v1/subscriptions/\(clockedID)")
            #expect(renewed.string("status") == "active")
            let period = BillingFixtures.period(renewed.json)
            #expect(period.start == BillingPeriods.days(year: 2026, month: 3, day: 31) * 86_400)
            #expect(period.end == BillingPeriods.days(year: 2026, month: 4, day: 30) * 86_400)
            let clockInvoices = try await BillingFixtures.invoices(sandbox, subscription: clockedID)
            #expect(clockInvoices.count == 3)
            #expect(clockInvoices.allSatisfy { $0["status"] == "paid" && $0["amount_paid"] == 2000 })
            #expect(clockInvoices.allSatisfy { $0["test_clock"] == .string(clockID) })
            #expect(clockInvoices.first?["created"]?.intValue == period.start)
            #expect(try await BillingFixtures.invoices(sandbox, subscription: plainID).count == 1)

            // The sandbox clock renews the plain subscription, never the clock's.
            try await BillingFixtures.advance(sandbox, seconds: 32 * BillingFixtures.day)
            #expect(try await BillingFixtures.invoices(sandbox, subscription: plainID).count == 2)
            #expect(try await BillingFixtures.invoices(sandbox, subscription: clockedID).count == 3)
            let clocks = try await sandbox.call("GET", "/v1/test_helpers/test_clocks")
            #expect(clocks.json["data"]?.arrayValue?.map { $0["id"] } == [.string(clockID)])
            #expect(try await BillingFixtures.events(sandbox, type: "test_helpers.test_clock.ready").count == 1)

            let deleted = try await sandbox.call("DELETE", "/v1/test_helpers/test_clocks/\(clockID)")
            #expect(deleted.json == ["deleted": true, "id": .string(clockID), "object": "test_helpers.test_clock"])
            #expect(try await sandbox.call("GET", "/v1/subscriptions/\(clockedID)").status == 404)
            #expect(try await sandbox.call("GET", "/v1/subscriptions/\(plainID)").status == 200)
        }
    }

    @Test("a connected account's catalog and subscriptions are invisible elsewhere; its renewals charge a fee")
    func isolation() async throws {
        try await SandboxHarness.with(families: BillingFixtures.families) { sandbox in
            let connected = try await sandbox.makeConnectedAccount()
            let other = try await sandbox.makeConnectedAccount()
            let price = try await BillingFixtures.monthlyPrice(sandbox, account: connected)
            let (customer, _) = try await BillingFixtures.insertCustomer(sandbox, account: connected)
            let created = try await sandbox.call(
                "POST",
                "/v1/subscriptions",
                [("customer", customer), ("items[0][price]", price), ("application_fee_percent", "10")],
                account: connected
            )
            #expect(created.status == 200)
            #expect(created.string("status") == "active")
            #expect(created.json["application_fee_percent"] == .double(10))
            let id = try #require(created.string("id"))
            let invoiceID = try #require(created.string("latest_invoice"))

            for account in [nil, other] {
                let subscription = try await sandbox.call("GET", "/v1/subscriptions/\(id)", account: account)
                #expect(subscription.status == 404)
                #expect(subscription.error("code") == "resource_missing")
                #expect(try await sandbox.call("GET", "/v1/prices/\(price)", account: account).status == 404)
                #expect(try await sandbox.call("GET", "/v1/invoices/\(invoiceID)", account: account).status == 404)
                let listed = try await sandbox.call("GET", "/v1/subscriptions", account: account)
                #expect(listed.json["data"]?.arrayValue?.isEmpty == true)
                let prices = try await sandbox.call("GET", "/v1/prices", account: account)
                #expect(prices.json["data"]?.arrayValue?.isEmpty == true)
                let foreign = try await sandbox.call(
                    "POST",
                    "/v1/subscriptions",
                    [("customer", customer), ("items[0][price]", price)],
                    account: account
                )
                #expect(foreign.status == 404)
            }
            #expect(try await sandbox.call("GET", "/v1/invoices/\(invoiceID)", account: connected).status == 200)

            let intents = try await BillingFixtures.events(
                sandbox,
                type: "payment_intent.succeeded",
                account: connected
            )
            #expect(intents.count == 1)
            #expect(intents.first?["account"] == .string(connected))
            #expect(intents.first?["data"]?["object"]?["application_fee_amount"] == 200)

            try await BillingFixtures.advance(sandbox, seconds: 32 * BillingFixtures.day)
            let renewals = try await BillingFixtures.invoices(sandbox, subscription: id, account: connected)
            #expect(renewals.count == 2)
            #expect(renewals.first?["status"] == "paid")
            let updates = try await BillingFixtures.events(
                sandbox,
                type: "customer.subscription.updated",
                account: connected
            )
            #expect(updates.first?["account"] == .string(connected))
            #expect(try await BillingFixtures.events(sandbox, type: "customer.subscription.updated").isEmpty)
        }
    }
}
