import HTTPCore
import StripeSandboxCore
import StripeSandboxPayments
import StripeSandboxTesting
import Testing

@Suite("Stripe sandbox: refunds, disputes, isolation, errors, events, off-session payments")
struct RefundDisputeTests {
    @Test("refunds: partial, too large, the rest, already refunded; charge and balance reflect them")
    func refunds() async throws {
        try await SandboxHarness.payments { sandbox in
            let account = try await sandbox.makeConnectedAccount()
            let intent = try await sandbox.cardPayment(5000, account: account, [("application_fee_amount", "500")])
            let id = try #require(intent.s("id"))
            let chargeID = try #require(intent.s("latest_charge"))

            let first = try await sandbox.call(
                "POST",
                "/v1/refunds",
                [
                    ("payment_intent", id), ("amount", "2000"), ("reason", "requested_by_customer"),
                    ("metadata[k]", "v"), ("refund_application_fee", "true"),
                ],
                account: account
            )
            #expect(first.status == 200, "\(first.text)")
            #expect(first.string("status") == "succeeded" && first.json.i("amount") == 2000)
            #expect(first.string("charge") == chargeID && first.string("payment_intent") == id)
            #expect(first.json["metadata"]?.s("k") == "v")
            var charge = try await sandbox.call("GET", "/v1/charges/\(chargeID)", account: account)
            #expect(charge.json.i("amount_refunded") == 2000 && charge.json["refunded"] == false)
            // 2000 of 5000 refunded with the fee: 200 of the 500 fee goes back to the connected account.
            let fee = try await sandbox.call("GET", "/v1/application_fees/\(charge.string("application_fee") ?? "")")
            #expect(fee.json.i("amount_refunded") == 200 && fee.json["refunded"] == false)
            let feeBack = try await sandbox.list("/v1/balance_transactions", [("type", "application_fee_refund")])
            #expect(feeBack.map { $0.i("amount") ?? 0 } == [-200])
            let received = try await sandbox.list(
                "/v1/balance_transactions",
                [("type", "application_fee_refund")],
                account: account
            )
            #expect(received.map { $0.i("amount") ?? 0 } == [200])

            let tooLarge = try await sandbox.call(
                "POST",
                "/v1/refunds",
                [("charge", chargeID), ("amount", "3001")],
                account: account
            )
            #expect(tooLarge.status == 400 && tooLarge.error("code") == "amount_too_large")
            #expect(tooLarge.error("param") == "amount")

            let rest = try await sandbox.call("POST", "/v1/refunds", [("charge", chargeID)], account: account)
            #expect(rest.json.i("amount") == 3000)
            charge = try await sandbox.call("GET", "/v1/charges/\(chargeID)", account: account)
            #expect(charge.json.i("amount_refunded") == 5000 && charge.json["refunded"] == true)
            let again = try await sandbox.call("POST", "/v1/refunds", [("charge", chargeID)], account: account)
            #expect(again.status == 400 && again.error("code") == "charge_already_refunded")

            let listed = try await sandbox.list("/v1/refunds", [("charge", chargeID)], account: account)
            #expect(listed.map { $0.s("id") ?? "" } == [rest.string("id") ?? "", first.string("id") ?? ""])
            let refundTxns = try await sandbox.list("/v1/balance_transactions", [("type", "refund")], account: account)
            #expect(refundTxns.map { $0.i("amount") ?? 0 }.sorted() == [-3000, -2000])
            #expect(refundTxns.allSatisfy { $0.s("status") == "available" })
            let updated = try await sandbox.call(
                "POST",
                "/v1/refunds/\(first.string("id") ?? "")",
                [("metadata[k]", "")],
                account: account
            )
            #expect(updated.json["metadata"] == .object([:]))
            let events = try await sandbox.list("/v1/events", [("type", "charge.refunded")], account: account)
            #expect(events.count == 2)
            #expect(try await sandbox.list("/v1/events", [("type", "refund.created")], account: account).count == 2)
            let missing = try await sandbox.call("POST", "/v1/refunds", [("amount", "1")], account: account)
            #expect(missing.status == 400)
        }
    }

    @Test("disputes: opened by pm_card_createDispute, evidence and submit, closed won (funds back) or lost")
    func disputes() async throws {
        try await SandboxHarness.payments { sandbox in
            let account = try await sandbox.makeConnectedAccount()
            let intent = try await sandbox.cardPayment(2500, card: "pm_card_createDispute", account: account)
            #expect(intent.s("status") == "succeeded")
            let chargeID = try #require(intent.s("latest_charge"))
            let disputes = try await sandbox.list(
                "/v1/disputes",
                [("payment_intent", intent.s("id") ?? "")],
                account: account
            )
            #expect(disputes.count == 1)
            let dispute = try #require(disputes.first)
            let id = try #require(dispute.s("id"))
            #expect(id.hasPrefix("dp_") && dispute.s("status") == "needs_response")
            #expect(
                dispute.i("amount") == 2500 && dispute.s("charge") == chargeID && dispute.s("reason") == "fraudulent"
            )
            #expect(dispute["is_charge_refundable"] == false)
            #expect(dispute["evidence_details"]?.i("submission_count") == 0)
            #expect(dispute["evidence_details"]?.i("due_by") == (dispute.i("created") ?? 0) + 7 * 86_400)
            let withdrawal = try #require(dispute["balance_transactions"]?.arrayValue?.first)
            #expect(withdrawal.i("amount") == -2500 && withdrawal.i("fee") == 1500 && withdrawal.i("net") == -4000)
            #expect(withdrawal["fee_details"]?.arrayValue?.first?.s("description") == "Dispute fee")
            let charge = try await sandbox.call("GET", "/v1/charges/\(chargeID)", account: account)
            #expect(charge.json["disputed"] == true)
            let refund = try await sandbox.call("POST", "/v1/refunds", [("charge", chargeID)], account: account)
            #expect(refund.status == 400 && refund.error("code") == "charge_disputed")

            let evidence = try await sandbox.call(
                "POST",
                "/v1/disputes/\(id)",
                [("evidence[uncategorized_text]", "Delivered on time."), ("evidence[customer_name]", "Ana")],
                account: account
            )
            #expect(evidence.status == 200, "\(evidence.text)")
            #expect(evidence.string("status") == "needs_response")
            #expect(evidence.json["evidence_details"]?["has_evidence"] == true)
            let submitted = try await sandbox.call("POST", "/v1/disputes/\(id)", [("submit", "true")], account: account)
            #expect(submitted.string("status") == "under_review")
            #expect(submitted.json["evidence"]?.s("uncategorized_text") == "Delivered on time.")
            #expect(submitted.json["evidence_details"]?.i("submission_count") == 1)
            let unknown = try await sandbox.call(
                "POST",
                "/v1/disputes/\(id)",
                [("evidence[colour]", "red")],
                account: account
            )
            #expect(unknown.status == 400 && unknown.error("param") == "evidence[colour]")
            let noOutcome = try await sandbox.call("POST", "/v1/test_helpers/disputes/\(id)/close", account: account)
            #expect(noOutcome.status == 400 && noOutcome.error("param") == "outcome")

            let won = try await sandbox.call(
                "POST",
                "/v1/test_helpers/disputes/\(id)/close",
                [("outcome", "won")],
                account: account
            )
            #expect(won.status == 200 && won.string("status") == "won")
            let transactions = won.json["balance_transactions"]?.arrayValue ?? []
            #expect(transactions.count == 2)
            #expect(transactions.reduce(0) { $0 + ($1.i("amount") ?? 0) } == 0)
            #expect(transactions.last?.s("reporting_category") == "dispute_reversal")
            let closedUpdate = try await sandbox.call(
                "POST",
                "/v1/disputes/\(id)",
                [("submit", "true")],
                account: account
            )
            #expect(closedUpdate.status == 400)
            for type in [
                "charge.dispute.created", "charge.dispute.funds_withdrawn", "charge.dispute.updated",
                "charge.dispute.closed", "charge.dispute.funds_reinstated",
            ] {
                let events = try await sandbox.list("/v1/events", [("type", type)], account: account)
                #expect(!events.isEmpty, "no \(type)")
                #expect(events.first?.s("account") == account)
            }

            // A lost dispute: accepted through the API; the money stays withdrawn.
            let second = try await sandbox.cardPayment(
                1000,
                card: "pm_card_createDisputeProductNotReceived",
                account: account
            )
            let lostID = try #require(
                try await sandbox.list("/v1/disputes", [("charge", second.s("latest_charge") ?? "")], account: account)
                    .first?.s("id")
            )
            let lost = try await sandbox.call("POST", "/v1/disputes/\(lostID)/close", account: account)
            #expect(lost.string("status") == "lost" && lost.json["balance_transactions"]?.arrayValue?.count == 1)
            let twice = try await sandbox.call(
                "POST",
                "/v1/test_helpers/disputes/\(lostID)/close",
                [("outcome", "won")],
                account: account
            )
            #expect(twice.status == 400)
            let fees = Ledger.stripeFee(amount: 2500, currency: "ron") + Ledger.stripeFee(amount: 1000, currency: "ron")
            let totals = try await sandbox.withCall(account: account) { call in
                try await call.ledger.totals(account: call.account)["ron"]
            }
            // Charges +2500 +1000 (less fees); won: −2500 −1500 +2500; lost: −1000 −1500.
            #expect((totals?.available ?? 0) + (totals?.pending ?? 0) == -500 - fees)
        }
    }

    @Test("isolation: objects of acct_A are 404 under acct_B and the platform")
    func isolation() async throws {
        try await SandboxHarness.payments { sandbox in
            let first = try await sandbox.makeConnectedAccount()
            let second = try await sandbox.makeConnectedAccount()
            let intent = try await sandbox.cardPayment(800, account: first)
            let id = try #require(intent.s("id"))
            let chargeID = try #require(intent.s("latest_charge"))
            for scope in [second, nil] {
                let other = try await sandbox.call("GET", "/v1/payment_intents/\(id)", account: scope)
                #expect(other.status == 404 && other.error("code") == "resource_missing")
                #expect(other.error("message") == "No such payment_intent: '\(id)'" && other.error("param") == "id")
                let charge = try await sandbox.call("GET", "/v1/charges/\(chargeID)", account: scope)
                #expect(charge.status == 404)
                let confirm = try await sandbox.call("POST", "/v1/payment_intents/\(id)/cancel", account: scope)
                #expect(confirm.status == 404)
                let refund = try await sandbox.call("POST", "/v1/refunds", [("charge", chargeID)], account: scope)
                #expect(refund.status == 404 && refund.error("param") == "charge")
                #expect(try await sandbox.list("/v1/payment_intents", account: scope).isEmpty)
                #expect(try await sandbox.list("/v1/balance_transactions", account: scope).isEmpty)
            }
            let own = try await sandbox.list("/v1/payment_intents", account: first)
            #expect(own.map { $0.s("id") ?? "" } == [id])
            // A customer of another account cannot be used.
            let customer = try await sandbox.customer(account: second)
            let foreign = try await sandbox.call(
                "POST",
                "/v1/payment_intents",
                [("amount", "100"), ("currency", "ron"), ("customer", customer)],
                account: first
            )
            #expect(foreign.status == 404 && foreign.error("param") == "customer")
            let listed = try await sandbox.list("/v1/payment_intents", [("customer", customer)], account: second)
            #expect(listed.isEmpty)
        }
    }

    @Test("malformed input gets Stripe-shaped 400s naming the parameter")
    func badParams() async throws {
        try await SandboxHarness.payments { sandbox in
            let account = try await sandbox.makeConnectedAccount()
            let cases: [([(String, String)], String?, String)] = [
                ([("currency", "ron")], nil, "amount"),
                ([("amount", "abc"), ("currency", "ron")], nil, "amount"),
                ([("amount", "0"), ("currency", "ron")], nil, "amount"),
                ([("amount", "100")], nil, "currency"),
                ([("amount", "100"), ("currency", "xyz")], nil, "currency"),
                ([("amount", "100"), ("currency", "ron"), ("colour", "red")], nil, "colour"),
                ([("amount", "100"), ("currency", "ron"), ("capture_method", "later")], nil, "capture_method"),
                ([("amount", "100"), ("currency", "ron"), ("confirm", "yes")], nil, "confirm"),
                ([("amount", "100"), ("currency", "ron"), ("metadata", "x")], nil, "metadata"),
                (
                    [("amount", "100"), ("currency", "ron"), ("payment_method_types[]", "sepa_debit")], nil,
                    "payment_method_types[0]"
                ),
                (
                    [("amount", "100"), ("currency", "ron"), ("application_fee_amount", "10")], nil,
                    "application_fee_amount"
                ),
                (
                    [("amount", "100"), ("currency", "ron"), ("application_fee_amount", "101")], account,
                    "application_fee_amount"
                ),
                ([("amount", "100"), ("currency", "ron"), ("payment_method", "pm_nothing")], nil, "payment_method"),
                ([("amount", "100"), ("currency", "ron"), ("confirm", "true")], nil, "payment_method"),
                ([("amount", "100"), ("currency", "ron"), ("off_session", "true")], nil, "off_session"),
                (
                    [("amount", "100"), ("currency", "ron"), ("transfer_data[amount]", "5")], nil,
                    "transfer_data[destination]"
                ),
            ]
            for (form, scope, param) in cases {
                let response = try await sandbox.call("POST", "/v1/payment_intents", form, account: scope)
                #expect(response.status == 400 || response.status == 404, "\(form): \(response.status)")
                #expect(response.error("param") == param, "\(form): \(response.text)")
                #expect(response.error("type") == "invalid_request_error")
            }
            #expect(try await sandbox.list("/v1/payment_intents").isEmpty)
            let list = try await sandbox.call("GET", "/v1/charges", [("limit", "0")])
            #expect(list.status == 400 && list.error("param") == "limit")
            let capture = try await sandbox.call("POST", "/v1/payment_intents/pi_missing/capture")
            #expect(capture.status == 404)
        }
    }

    @Test("idempotent create: same key and params → byte-identical body, other params → idempotency_error")
    func idempotency() async throws {
        try await SandboxHarness.payments { sandbox in
            let form = [
                ("amount", "900"), ("currency", "ron"), ("payment_method", "pm_card_visa"), ("confirm", "true"),
            ]
            let first = try await sandbox.call("POST", "/v1/payment_intents", form, idempotencyKey: "order-42")
            let second = try await sandbox.call("POST", "/v1/payment_intents", form, idempotencyKey: "order-42")
            #expect(first.status == 200 && second.status == 200)
            #expect(second.body == first.body)
            #expect(second.headers["Idempotent-Replayed"] == "true")
            #expect(try await sandbox.list("/v1/payment_intents").count == 1)
            #expect(try await sandbox.list("/v1/charges").count == 1)
            #expect(try await sandbox.list("/v1/events", [("type", "payment_intent.succeeded")]).count == 1)
            let other = try await sandbox.call(
                "POST",
                "/v1/payment_intents",
                [("amount", "901"), ("currency", "ron")],
                idempotencyKey: "order-42"
            )
            #expect(other.status == 400 && other.error("type") == "idempotency_error")
        }
    }

    @Test("events carry the owning account: connected-account events with `account`, the platform's without")
    func events() async throws {
        try await SandboxHarness.payments { sandbox in
            let account = try await sandbox.makeConnectedAccount()
            let intent = try await sandbox.cardPayment(5000, account: account, [("application_fee_amount", "250")])
            let id = try #require(intent.s("id"))
            for type in ["payment_intent.created", "payment_intent.succeeded", "charge.succeeded"] {
                let events = try await sandbox.list("/v1/events", [("type", type)], account: account)
                #expect(events.count == 1, "\(type)")
                #expect(events.first?.s("account") == account)
                #expect(events.first?.s("type") == type)
            }
            let succeeded = try await sandbox.list(
                "/v1/events",
                [("type", "payment_intent.succeeded")],
                account: account
            )
            #expect(succeeded.first?["data"]?["object"]?.s("id") == id)
            #expect(succeeded.first?["data"]?["object"]?.s("status") == "succeeded")
            #expect(try await sandbox.list("/v1/events", [("type", "payment_intent.succeeded")]).isEmpty)
            let fee = try await sandbox.list("/v1/events", [("type", "application_fee.created")])
            #expect(fee.count == 1 && fee.first?["account"] == nil)
            #expect(fee.first?["data"]?["object"]?.s("account") == account)

            let updated = try await sandbox.call(
                "POST",
                "/v1/charges/\(intent.s("latest_charge") ?? "")",
                [("description", "Order 7"), ("metadata[a]", "b")],
                account: account
            )
            #expect(updated.string("description") == "Order 7" && updated.json["metadata"]?.s("a") == "b")
            let chargeUpdated = try await sandbox.list("/v1/events", [("type", "charge.updated")], account: account)
            #expect(chargeUpdated.first?["data"]?["previous_attributes"]?["description"] == .null)
            #expect(chargeUpdated.first?["data"]?["previous_attributes"]?["metadata"] == .object([:]))
        }
    }

    @Test("objects have the fixtures' top-level keys in order; update rules of payment intents")
    func shapesAndUpdates() async throws {
        try await SandboxHarness.payments { sandbox in
            let account = try await sandbox.makeConnectedAccount()
            let customer = try await sandbox.customer()
            let created = try await sandbox.intent([
                ("amount", "1000"), ("currency", "ron"), ("customer", customer), ("setup_future_usage", "off_session"),
            ])
            let id = try #require(created.s("id"))
            let updated = try await sandbox.call(
                "POST",
                "/v1/payment_intents/\(id)",
                [("amount", "3000"), ("description", "Two tickets"), ("payment_method", "pm_card_createDispute")]
            )
            #expect(updated.status == 200, "\(updated.text)")
            #expect(updated.json.i("amount") == 3000 && updated.string("status") == "requires_confirmation")
            let confirmed = try await sandbox.call(
                "POST",
                "/v1/payment_intents/\(id)/confirm",
                [("receipt_email", "x@example.com")]
            )
            #expect(confirmed.string("status") == "succeeded")
            let saved = try await sandbox.list("/v1/events", [("type", "payment_method.attached")])
            #expect(saved.first?["data"]?["object"]?.s("customer") == customer)
            #expect(saved.first?["data"]?["object"]?.s("id") == confirmed.string("payment_method"))
            let late = try await sandbox.call("POST", "/v1/payment_intents/\(id)", [("amount", "10")])
            #expect(late.status == 400 && late.error("code") == "payment_intent_unexpected_state")
            let metadata = try await sandbox.call("POST", "/v1/payment_intents/\(id)", [("metadata[n]", "1")])
            #expect(metadata.status == 200 && metadata.json["metadata"]?.s("n") == "1")
            let charges = try await sandbox.list("/v1/charges", [("customer", customer)])
            #expect(charges.count == 1 && charges.first?.s("receipt_email") == "x@example.com")
            let chargeID = try #require(charges.first?.s("id"))

            let destination = try await sandbox.cardPayment(
                2000,
                [("application_fee_amount", "200"), ("transfer_data[destination]", account)]
            )
            let refund = try await sandbox.call(
                "POST",
                "/v1/refunds",
                [("payment_intent", destination.s("id") ?? ""), ("amount", "1000"), ("reverse_transfer", "true")]
            )
            #expect(refund.status == 200, "\(refund.text)")
            let transfer = try #require(try await sandbox.list("/v1/transfers").first)
            #expect(transfer.i("amount") == 1800 && transfer.i("amount_reversed") == 900)
            let reversed = try await sandbox.list(
                "/v1/balance_transactions",
                [("type", "payment_refund")],
                account: account
            )
            #expect(reversed.first?.i("amount") == -900)

            let objects: [(String, JSON?)] = [
                ("payment_intent", metadata.json),
                ("charge", charges.first),
                ("refund", refund.json),
                ("dispute", try await sandbox.list("/v1/disputes", [("charge", chargeID)]).first),
                ("application_fee", try await sandbox.list("/v1/application_fees").first),
                ("transfer", transfer),
                ("balance_transaction", try await sandbox.list("/v1/balance_transactions").first),
            ]
            for (type, object) in objects {
                let expected = Templates.example(type)?.objectValue?.memberNames
                #expect(object?.objectValue?.memberNames == expected, "\(type)")
                #expect(object?.s("object") == type)
            }
        }
    }

    @Test("PaymentEngine.chargeOffSession: success with ledger and events, forced decline as a result")
    func offSession() async throws {
        try await SandboxHarness.payments { sandbox in
            let account = try await sandbox.makeConnectedAccount()
            let customer = try await sandbox.customer(account: account)
            let paid = try await sandbox.withCall(account: account) { call in
                try await PaymentEngine.chargeOffSession(
                    call: call,
                    amount: 1500,
                    currency: "ron",
                    customer: customer,
                    paymentMethod: "pm_card_visa",
                    description: "Subscription update",
                    metadata: ["invoice": "in_1"],
                    applicationFeeAmount: 150,
                    forceDecline: false
                )
            }
            #expect(paid.succeeded && paid.failureCode == nil)
            #expect(paid.paymentIntent["status"] == "succeeded" && paid.paymentIntent["customer"] == .string(customer))
            #expect(paid.charge?["captured"] == true && paid.charge?["application_fee_amount"] == 150)
            let intentID = paid.paymentIntent["id"]?.stringValue ?? ""
            let stored = try await sandbox.call("GET", "/v1/payment_intents/\(intentID)", account: account)
            #expect(stored.string("status") == "succeeded" && stored.json["metadata"]?.s("invoice") == "in_1")
            let txns = try await sandbox.list("/v1/balance_transactions", account: account)
            #expect(txns.count == 1 && txns.first?.i("fee") == Ledger.stripeFee(amount: 1500, currency: "ron") + 150)
            #expect(try await sandbox.list("/v1/application_fees").count == 1)

            let declined = try await sandbox.withCall(account: account) { call in
                try await PaymentEngine.chargeOffSession(
                    call: call,
                    amount: 1500,
                    currency: "ron",
                    customer: customer,
                    paymentMethod: "pm_card_visa",
                    description: nil,
                    metadata: [:],
                    applicationFeeAmount: nil,
                    forceDecline: true
                )
            }
            #expect(!declined.succeeded && declined.failureCode == "card_declined")
            #expect(declined.failureMessage == "Your card was declined.")
            #expect(declined.paymentIntent["status"] == "requires_payment_method")
            #expect(declined.charge?["status"] == "failed")
            let needsAuth = try await sandbox.withCall(account: account) { call in
                try await PaymentEngine.chargeOffSession(
                    call: call,
                    amount: 100,
                    currency: "ron",
                    customer: customer,
                    paymentMethod: "pm_card_authenticationRequired",
                    description: nil,
                    metadata: [:],
                    applicationFeeAmount: nil,
                    forceDecline: false
                )
            }
            #expect(!needsAuth.succeeded && needsAuth.failureCode == "authentication_required")
            let failedEvents = try await sandbox.list(
                "/v1/events",
                [("type", "payment_intent.payment_failed")],
                account: account
            )
            #expect(failedEvents.count == 2)
            await #expect(throws: StripeError.self) {
                try await sandbox.withCall(account: account) { call in
                    try await PaymentEngine.chargeOffSession(
                        call: call,
                        amount: 100,
                        currency: "ron",
                        customer: "cus_missing",
                        paymentMethod: "pm_card_visa",
                        description: nil,
                        metadata: [:],
                        applicationFeeAmount: nil,
                        forceDecline: false
                    )
                }
            }
        }
    }
}
