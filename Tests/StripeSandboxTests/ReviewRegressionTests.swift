import Postgres
import StripeSandbox
import StripeSandboxCore
import StripeSandboxTesting
import TestSupport
import Testing

/// Findings of the review of the sandbox, each kept as a test.
@Suite("Stripe sandbox: review regressions")
struct ReviewRegressionTests {
    @Test("expand[] works only on Stripe's expandable members, never on metadata or across accounts")
    func expandAllowList() async throws {
        try await SandboxHarness.with(families: StripeSandbox.families) { sandbox in
            let accountA = try await sandbox.makeConnectedAccount()
            let accountB = try await sandbox.makeConnectedAccount()
            let platformCustomer = try #require(
                try await sandbox.call("POST", "/v1/customers", [("email", "platform@example.com")]).string("id")
            )
            let probe = try await sandbox.call(
                "POST",
                "/v1/customers",
                [("metadata[a]", platformCustomer), ("metadata[b]", accountB), ("description", platformCustomer)],
                account: accountA
            )
            let probeID = try #require(probe.string("id"))
            for path in ["metadata.a", "metadata.b", "description", "email", "metadata"] {
                let expanded = try await sandbox.call(
                    "GET",
                    "/v1/customers/\(probeID)",
                    [("expand[]", path)],
                    account: accountA
                )
                #expect(expanded.status == 400, "\(path)")
                #expect(expanded.error("param") == "expand")
                #expect(!String(decoding: expanded.body, as: UTF8.self).contains("platform@example.com"))
            }

            // An expandable member still expands, in the caller's own account.
            let intent = try await sandbox.call(
                "POST",
                "/v1/payment_intents",
                [
                    ("amount", "1000"), ("currency", "ron"), ("customer", probeID), ("payment_method", "pm_card_visa"),
                    ("confirm", "true"), ("expand[]", "customer"), ("expand[]", "latest_charge.balance_transaction"),
                ],
                account: accountA
            )
            #expect(intent.status == 200)
            #expect(intent.json["customer"]?["id"] == .string(probeID))
            #expect(intent.json["latest_charge"]?["balance_transaction"]?["object"] == "balance_transaction")
            let intentID = try #require(intent.string("id"))
            let secret = try #require(intent.string("client_secret"))

            // The publishable key may expand payment_method only.
            let browser = try await sandbox.call(
                "GET",
                "/v1/payment_intents/\(intentID)",
                [("client_secret", secret), ("expand[]", "customer")],
                account: accountA,
                key: SandboxHarness.publishableKey
            )
            #expect(browser.status == 400)
            #expect(!String(decoding: browser.body, as: UTF8.self).contains(probeID + "\",\n    \"object\""))

            // A deleted customer stays an id instead of failing the request.
            _ = try await sandbox.call("DELETE", "/v1/customers/\(probeID)", account: accountA)
            let afterDelete = try await sandbox.call(
                "GET",
                "/v1/payment_intents",
                [("expand[]", "data.customer")],
                account: accountA
            )
            #expect(afterDelete.status == 200)
            #expect(afterDelete.json["data"]?.arrayValue?.first?["customer"] == .string(probeID))
        }
    }

    @Test("a NUL byte is a 400 or a 404, never a 500, and never stored")
    func nulBytes() async throws {
        try await SandboxHarness.with(families: StripeSandbox.families) { sandbox in
            let stored = try await sandbox.call("POST", "/v1/customers", [("description", "a\u{0}b")])
            #expect(stored.status == 400)
            #expect(stored.error("message")?.contains("NUL") == true)
            for target in ["/v1/customers/%00", "/v1/events/cus%00x", "/v1/customers?starting_after=%00"] {
                let response = try await sandbox.call("GET", target)
                #expect(response.status == 400 || response.status == 404, "\(target)")
                #expect(response.error("type") == "invalid_request_error", "\(target)")
            }
            let list = try await sandbox.call("GET", "/v1/events", [("type", "customer.created")])
            #expect(list.status == 200)
        }
    }

    @Test("the clock cannot be moved beyond five years at once")
    func clockBound() async throws {
        try await SandboxHarness.with(families: StripeSandbox.families) { sandbox in
            let huge = try await sandbox.call(
                "POST",
                "/v1/test_helpers/advance_time",
                [("to", "9223372036854775807")]
            )
            #expect(huge.status == 400)
            #expect(huge.error("param") == "to")
            #expect(Ledger.stripeFee(amount: .max, currency: "ron") > 0)
        }
    }
}

@Suite("Stripe sandbox: review regressions, money")
struct ReviewMoneyRegressionTests {
    @Test("prices beyond Stripe's 8 digits and totals beyond 99,999,999 are 400s, never a crash")
    func hugeAmounts() async throws {
        try await SandboxHarness.with(families: StripeSandbox.families) { sandbox in
            let tooBig = try await sandbox.call(
                "POST",
                "/v1/prices",
                [
                    ("unit_amount_decimal", "999999999999"), ("currency", "ron"), ("recurring[interval]", "day"),
                    ("product_data[name]", "x"),
                ]
            )
            #expect(tooBig.status == 400)
            let price = try await sandbox.call(
                "POST",
                "/v1/prices",
                [
                    ("unit_amount_decimal", "99999999.123456789012"), ("currency", "ron"),
                    ("recurring[interval]", "day"), ("product_data[name]", "x"),
                ]
            )
            let priceID = try #require(price.string("id"))
            let customer = try #require(
                try await sandbox.call("POST", "/v1/customers", [("payment_method", "pm_card_visa")]).string("id")
            )
            for quantity in ["2", "1000000"] {
                for trial in [true, false] {
                    var form = [("customer", customer), ("items[0][price]", priceID), ("items[0][quantity]", quantity)]
                    if trial { form.append(("trial_period_days", "1")) }
                    let subscription = try await sandbox.call("POST", "/v1/subscriptions", form)
                    #expect(subscription.status == 400, "quantity \(quantity) trial \(trial)")
                    #expect(subscription.error("code") == "amount_too_large")
                }
            }
            let tick = try await sandbox.call("POST", "/v1/test_helpers/advance_time", [("seconds", "172800")])
            #expect(tick.status == 200)
        }
    }

    @Test("a dispute of a partly captured charge is for the captured amount")
    func disputePartialCapture() async throws {
        try await SandboxHarness.with(families: StripeSandbox.families) { sandbox in
            let account = try await sandbox.makeConnectedAccount()
            let intent = try await sandbox.call(
                "POST",
                "/v1/payment_intents",
                [
                    ("amount", "10000"), ("currency", "ron"), ("capture_method", "manual"),
                    ("payment_method", "pm_card_createDispute"), ("confirm", "true"),
                ],
                account: account
            )
            let id = try #require(intent.string("id"))
            let captured = try await sandbox.call(
                "POST",
                "/v1/payment_intents/\(id)/capture",
                [("amount_to_capture", "2000")],
                account: account
            )
            #expect(captured.status == 200)
            let disputes = try await sandbox.call("GET", "/v1/disputes", [("payment_intent", id)], account: account)
            let dispute = try #require(disputes.json["data"]?.arrayValue?.first)
            #expect(dispute["amount"] == 2000)
            #expect(dispute["balance_transactions"]?.arrayValue?.first?["net"] == .int(-3500))
        }
    }

    @Test("refunding a charge in thirds gives back the whole application fee and reverses the whole transfer")
    func refundRemainders() async throws {
        try await SandboxHarness.with(families: StripeSandbox.families) { sandbox in
            let account = try await sandbox.makeConnectedAccount()
            let direct = try await sandbox.call(
                "POST",
                "/v1/payment_intents",
                [
                    ("amount", "10000"), ("currency", "ron"), ("application_fee_amount", "500"),
                    ("payment_method", "pm_card_visa"), ("confirm", "true"),
                ],
                account: account
            )
            let destination = try await sandbox.call(
                "POST",
                "/v1/payment_intents",
                [
                    ("amount", "10000"), ("currency", "ron"), ("application_fee_amount", "1000"),
                    ("transfer_data[destination]", account), ("payment_method", "pm_card_visa"), ("confirm", "true"),
                ]
            )
            for part in ["3333", "3333", "3334"] {
                let first = try await sandbox.call(
                    "POST",
                    "/v1/refunds",
                    [
                        ("payment_intent", try #require(direct.string("id"))), ("amount", part),
                        ("refund_application_fee", "true"),
                    ],
                    account: account
                )
                #expect(first.status == 200)
                let second = try await sandbox.call(
                    "POST",
                    "/v1/refunds",
                    [
                        ("payment_intent", try #require(destination.string("id"))), ("amount", part),
                        ("reverse_transfer", "true"),
                    ]
                )
                #expect(second.status == 200)
            }
            let fees = try await sandbox.call("GET", "/v1/application_fees", [("limit", "10")])
            let fee = fees.json["data"]?.arrayValue?.first { $0["amount"] == 500 }
            #expect(fee?["amount_refunded"] == 500)
            #expect(fee?["refunded"] == true)
            let transfers = try await sandbox.call("GET", "/v1/transfers", [("destination", account)])
            let transfer = try #require(transfers.json["data"]?.arrayValue?.first)
            #expect(transfer["amount_reversed"] == transfer["amount"])
            #expect(transfer["reversed"] == true)
        }
    }
}

@Suite("Stripe sandbox: probe regressions")
struct ProbeRegressionTests {
    @Test("a request waiting on an object another request holds gets Stripe's 429 lock_timeout, not a 500")
    func lockTimeout() async throws {
        try await SandboxHarness.with(
            families: StripeSandbox.families,
            settings: ["STRIPE_SANDBOX_DATABASE_STATEMENT_TIMEOUT": "1s"]
        ) { sandbox in
            let customer = try #require(
                try await sandbox.call("POST", "/v1/customers", [("payment_method", "pm_card_visa")]).string("id")
            )
            let price = try #require(
                try await sandbox.call(
                    "POST",
                    "/v1/prices",
                    [
                        ("unit_amount", "500"), ("currency", "ron"), ("recurring[interval]", "day"),
                        ("product_data[name]", "Daily"),
                    ]
                ).string("id")
            )
            let subscription = try #require(
                try await sandbox.call(
                    "POST",
                    "/v1/subscriptions",
                    [("customer", customer), ("items[0][price]", price), ("trial_period_days", "3")]
                )
                .string("id")
            )
            let postgres = try #require(sandbox.service.postgres)
            let blocked = try await postgres.withTransaction { connection in
                _ = try await connection.query(
                    "SELECT 1 FROM stripe_sandbox.objects WHERE id = \(subscription) FOR UPDATE"
                )
                return try await sandbox.call("POST", "/v1/subscriptions/\(subscription)", [("metadata[k]", "v")])
            }
            #expect(blocked.status == 429)
            #expect(blocked.error("code") == "lock_timeout")
            let after = try await sandbox.call("POST", "/v1/subscriptions/\(subscription)", [("metadata[k]", "v")])
            #expect(after.status == 200)
        }
    }

    @Test("one advance moves the sandbox clock or a test clock by at most a year")
    func advanceBounds() async throws {
        try await SandboxHarness.with(families: StripeSandbox.families) { sandbox in
            let far = try await sandbox.call("POST", "/v1/test_helpers/advance_time", [("seconds", "31708801")])
            #expect(far.status == 400)
            #expect(far.error("param") == "seconds")
            let year = try await sandbox.call("POST", "/v1/test_helpers/advance_time", [("seconds", "31622400")])
            #expect(year.status == 200)
            let now = try #require(year.json["now"]?.intValue)
            let farTo = try await sandbox.call(
                "POST",
                "/v1/test_helpers/advance_time",
                [("to", "\(now + 366 * 86_400 + 60)")]
            )
            #expect(farTo.status == 400)
            #expect(farTo.error("param") == "to")
            let clock = try #require(
                try await sandbox.call("POST", "/v1/test_helpers/test_clocks", [("frozen_time", "1767225600")])
                    .string("id")
            )
            let tooFar = try await sandbox.call(
                "POST",
                "/v1/test_helpers/test_clocks/\(clock)/advance",
                [("frozen_time", "\(1_767_225_600 + 366 * 86_400 + 1)")]
            )
            #expect(tooFar.status == 400)
            #expect(tooFar.error("param") == "frozen_time")
        }
    }
}
