import HTTPCore
import StripeSandboxConnect
import StripeSandboxCore
import StripeSandboxTesting
import TestSupport
import Testing

@Suite("Stripe sandbox: balance and payouts")
struct PayoutTests {
    /// Stores an available (or pending) balance transaction on `account`.
    func fund(
        _ sandbox: SandboxHarness,
        account: String,
        amount: Int64,
        currency: String = "ron",
        availableOn: Int64
    )
        async throws
    {
        var transaction = Templates.make("balance_transaction")
        transaction["amount"] = .int(amount)
        transaction["available_on"] = .int(availableOn)
        transaction["created"] = 1
        transaction["currency"] = .string(currency)
        transaction["fee"] = 0
        transaction["id"] = .string(IDs.make("txn"))
        transaction["net"] = .int(amount)
        transaction["reporting_category"] = "charge"
        transaction["status"] = "available"
        transaction["type"] = "charge"
        try await sandbox.insert(transaction, account: account)
    }

    func available(_ response: StripeResponse, _ currency: String = "ron") -> Int64? {
        response.json["available"]?.arrayValue?.first { $0["currency"] == .string(currency) }?["amount"]?.intValue
    }

    @Test("balance, payouts from the available balance, paid after two days, failed and canceled ones refunded")
    func payouts() async throws {
        try await SandboxHarness.with(families: [ConnectFamily.family]) { sandbox in
            let acct = try await sandbox.makeConnectedAccount()
            let empty = try await sandbox.call("GET", "/v1/balance", account: acct)
            #expect(empty.string("object") == "balance")
            #expect(available(empty) == 0)
            try await fund(sandbox, account: acct, amount: 10_000, availableOn: 1)
            try await fund(sandbox, account: acct, amount: 700, availableOn: 4_000_000_000)
            let balance = try await sandbox.call("GET", "/v1/balance", account: acct)
            #expect(available(balance) == 10_000)
            #expect(balance.json["pending"]?.arrayValue?.first?["amount"] == 700)
            #expect(try await sandbox.call("GET", "/v1/balance").json["available"]?.arrayValue?.first?["amount"] == 0)

            let tooMuch = try await sandbox.call(
                "POST",
                "/v1/payouts",
                [("amount", "10001"), ("currency", "ron")],
                account: acct
            )
            #expect(tooMuch.status == 400)
            #expect(tooMuch.error("code") == "balance_insufficient")
            let wrongCurrency = try await sandbox.call(
                "POST",
                "/v1/payouts",
                [("amount", "100"), ("currency", "eur")],
                account: acct
            )
            #expect(wrongCurrency.error("code") == "balance_insufficient")
            let noAmount = try await sandbox.call("POST", "/v1/payouts", [("currency", "ron")], account: acct)
            #expect(noAmount.status == 400)
            #expect(noAmount.error("param") == "amount")
            #expect(noAmount.error("code") == "parameter_missing")
            let badAmount = try await sandbox.call(
                "POST",
                "/v1/payouts",
                [("amount", "12.5"), ("currency", "ron")],
                account: acct
            )
            #expect(badAmount.error("param") == "amount")

            let payout = try await sandbox.call(
                "POST",
                "/v1/payouts",
                [("amount", "4000"), ("currency", "RON"), ("metadata[run]", "1")],
                account: acct
            )
            #expect(payout.status == 200)
            let id = try #require(payout.string("id"))
            #expect(id.hasPrefix("po_"))
            #expect(payout.string("status") == "pending")
            #expect(payout.json["automatic"] == false)
            #expect(payout.string("destination")?.hasPrefix("ba_") == true)
            let created = try #require(payout.json["created"]?.intValue)
            #expect(payout.json["arrival_date"]?.intValue == created + 172_800)
            #expect(payout.json.objectValue?.memberNames == Templates.make("payout").memberNames)
            #expect(available(try await sandbox.call("GET", "/v1/balance", account: acct)) == 6_000)

            let second = try await sandbox.call(
                "POST",
                "/v1/payouts",
                [("amount", "1000"), ("currency", "ron")],
                account: acct
            )
            let third = try await sandbox.call(
                "POST",
                "/v1/payouts",
                [("amount", "500"), ("currency", "ron")],
                account: acct
            )
            #expect(available(try await sandbox.call("GET", "/v1/balance", account: acct)) == 4_500)

            let failed = try await sandbox.call(
                "POST",
                "/v1/test_helpers/payouts/\(second.string("id") ?? "")/fail",
                account: acct
            )
            #expect(failed.string("status") == "failed")
            #expect(failed.string("failure_code") == "account_closed")
            #expect(failed.string("failure_message") == "The bank account has been closed.")
            #expect(failed.string("failure_balance_transaction")?.hasPrefix("txn_") == true)
            let canceled = try await sandbox.call(
                "POST",
                "/v1/payouts/\(third.string("id") ?? "")/cancel",
                account: acct
            )
            #expect(canceled.string("status") == "canceled")
            #expect(available(try await sandbox.call("GET", "/v1/balance", account: acct)) == 6_000)
            let cancelFailed = try await sandbox.call(
                "POST",
                "/v1/payouts/\(second.string("id") ?? "")/cancel",
                account: acct
            )
            #expect(cancelFailed.status == 400)

            _ = try await sandbox.call("POST", "/v1/test_helpers/advance_time", [("seconds", "172801")])
            let paid = try await sandbox.call("GET", "/v1/payouts/\(id)", account: acct)
            #expect(paid.string("status") == "paid")
            let failedAfter = try await sandbox.call("GET", "/v1/payouts/\(second.string("id") ?? "")", account: acct)
            #expect(failedAfter.string("status") == "failed")
            let late = try await sandbox.call("POST", "/v1/test_helpers/payouts/\(id)/fail", account: acct)
            #expect(late.status == 400)

            let events = try await sandbox.call("GET", "/v1/events", [("type", "payout.paid")], account: acct)
            let event = try #require(events.json["data"]?.arrayValue?.first)
            #expect(events.json["data"]?.arrayValue?.count == 1)
            #expect(event["account"] == .string(acct))
            #expect(event["data"]?["object"]?["id"] == .string(id))
            let failedEvents = try await sandbox.call("GET", "/v1/events", [("type", "payout.failed")], account: acct)
            #expect(failedEvents.json["data"]?.arrayValue?.count == 1)

            let list = try await sandbox.call("GET", "/v1/payouts", [("status", "paid")], account: acct)
            #expect(list.json["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [id])
            let all = try await sandbox.call("GET", "/v1/payouts", account: acct)
            #expect(all.json["data"]?.arrayValue?.count == 3)
            #expect(try await sandbox.call("GET", "/v1/payouts/\(id)").status == 404)

            let updated = try await sandbox.call("POST", "/v1/payouts/\(id)", [("metadata[note]", "x")], account: acct)
            #expect(updated.json["metadata"] == ["run": "1", "note": "x"])
        }
    }

    @Test("an account that has not finished onboarding cannot pay out; the platform can")
    func payoutsNeedOnboarding() async throws {
        try await SandboxHarness.with(families: [ConnectFamily.family]) { sandbox in
            let created = try await sandbox.call("POST", "/v1/accounts", [("type", "express")])
            let acct = try #require(created.string("id"))
            try await fund(sandbox, account: acct, amount: 5_000, availableOn: 1)
            let refused = try await sandbox.call(
                "POST",
                "/v1/payouts",
                [("amount", "100"), ("currency", "ron")],
                account: acct
            )
            #expect(refused.status == 400)
            #expect(refused.error("message")?.contains("onboarding") == true)
            try await fund(sandbox, account: SandboxHarness.platform, amount: 5_000, availableOn: 1)
            let platform = try await sandbox.call("POST", "/v1/payouts", [("amount", "5000"), ("currency", "ron")])
            #expect(platform.status == 200)
            let account = try await sandbox.call("GET", "/v1/account")
            let bank = account.json["external_accounts"]?["data"]?.arrayValue?.first?["id"]
            #expect(bank != nil && platform.json["destination"] == bank)
        }
    }
}
