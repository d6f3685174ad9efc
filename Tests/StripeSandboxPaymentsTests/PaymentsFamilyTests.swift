import HTTPCore
import StripeSandboxCore
import StripeSandboxPayments
import StripeSandboxTesting
import TestSupport
import Testing

@Suite("Stripe sandbox: payment intents and money")
struct PaymentsFamilyTests {
    @Test("direct charge with an application fee: charge, fee lines, net, application fee on the platform")
    func directCharge() async throws {
        try await SandboxHarness.payments { sandbox in
            let account = try await sandbox.makeConnectedAccount()
            let customer = try await sandbox.customer(account: account)
            let created = try await sandbox.intent(
                [
                    ("amount", "5000"), ("currency", "RON"), ("application_fee_amount", "250"),
                    ("customer", customer), ("payment_method", "pm_card_visa"), ("payment_method_types[]", "card"),
                    ("receipt_email", "buyer@example.com"), ("description", "PayLinks order"),
                    ("metadata[order_id]", "ord_1"),
                ],
                account: account
            )
            let id = try #require(created.s("id"))
            #expect(created.s("status") == "requires_confirmation")
            #expect(created.s("currency") == "ron")
            #expect(created.s("client_secret")?.hasPrefix(id + "_secret_") == true)
            #expect(created["metadata"]?.s("order_id") == "ord_1")
            #expect(created["transfer_data"] == .null)

            let confirmed = try await sandbox.call("POST", "/v1/payment_intents/\(id)/confirm", account: account)
            #expect(confirmed.status == 200, "\(confirmed.text)")
            #expect(confirmed.string("status") == "succeeded")
            #expect(confirmed.json.i("amount_received") == 5000)
            let chargeID = try #require(confirmed.string("latest_charge"))

            let charge = try await sandbox.call(
                "GET",
                "/v1/charges/\(chargeID)",
                [("expand[]", "balance_transaction")],
                account: account
            )
            #expect(charge.status == 200)
            #expect(charge.string("status") == "succeeded")
            #expect(charge.json["captured"] == true && charge.json["paid"] == true)
            #expect(charge.json.i("amount_captured") == 5000)
            #expect(charge.string("payment_intent") == id)
            #expect(charge.string("customer") == customer)
            #expect(charge.string("receipt_email") == "buyer@example.com")
            #expect(charge.json["metadata"]?.s("order_id") == "ord_1")
            #expect(charge.json["outcome"]?.s("network_status") == "approved_by_network")
            #expect(charge.json["outcome"]?.s("seller_message") == "Payment complete.")
            let card = charge.json["payment_method_details"]?["card"]
            #expect(card?.s("brand") == "visa" && card?.s("last4") == "4242" && card?.s("country") == "US")
            #expect(charge.json["payment_method_details"]?.s("type") == "card")
            let txn = try #require(charge.json["balance_transaction"])
            let stripeFee = Ledger.stripeFee(amount: 5000, currency: "ron")
            #expect(stripeFee == 175)
            #expect(txn.i("amount") == 5000 && txn.s("type") == "charge" && txn.s("status") == "pending")
            #expect(txn.i("fee") == stripeFee + 250)
            #expect(txn.i("net") == 5000 - stripeFee - 250)
            #expect(txn.s("source") == chargeID)
            #expect(txn.i("available_on") == (txn.i("created") ?? 0) + Ledger.pendingSeconds)
            let lines = txn["fee_details"]?.arrayValue ?? []
            #expect(lines.map { $0.s("type") ?? "" } == ["stripe_fee", "application_fee"])
            #expect(lines.map { $0.i("amount") ?? 0 } == [stripeFee, 250])

            let fees = try await sandbox.list("/v1/application_fees", [("charge", chargeID)])
            #expect(fees.count == 1)
            let fee = try #require(fees.first)
            #expect(fee.i("amount") == 250 && fee.s("account") == account && fee.s("currency") == "ron")
            #expect(charge.string("application_fee") == fee.s("id"))
            let feeTxn = try await sandbox.call("GET", "/v1/balance_transactions/\(fee.s("balance_transaction") ?? "")")
            #expect(feeTxn.string("type") == "application_fee")
            #expect(feeTxn.json.i("amount") == 250 && feeTxn.json.i("net") == 250)
            // The connected account does not see the platform's fee, nor the platform the account's charge.
            let hidden = try await sandbox.call("GET", "/v1/application_fees/\(fee.s("id") ?? "")", account: account)
            #expect(hidden.status == 404)

            // After 7 days the charge's funds are available.
            _ = try await sandbox.call("POST", "/v1/test_helpers/advance_time", [("seconds", "\(7 * 86_400 + 5)")])
            let later = try await sandbox.call("GET", "/v1/balance_transactions/\(txn.s("id") ?? "")", account: account)
            #expect(later.string("status") == "available")

            // The receipt page shows the card.
            let receiptURL = try #require(charge.string("receipt_url"))
            #expect(receiptURL.hasSuffix("/sandbox/receipts/\(account)/\(chargeID)"))
            let page = try await sandbox.browse("GET", receiptURL)
            #expect(page.status == 200)
            #expect(page.headers["Content-Type"]?.hasPrefix("text/html") == true)
            #expect(String(decoding: page.body, as: UTF8.self).contains("4242"))
        }
    }

    @Test("destination charge: transfer of amount minus fee, balance transactions of platform and destination")
    func destinationCharge() async throws {
        try await SandboxHarness.payments { sandbox in
            let account = try await sandbox.makeConnectedAccount()
            let intent = try await sandbox.cardPayment(
                3000,
                [("application_fee_amount", "300"), ("transfer_data[destination]", account), ("on_behalf_of", account)]
            )
            #expect(intent.s("status") == "succeeded")
            #expect(intent["transfer_data"]?.s("destination") == account)
            #expect(intent.s("on_behalf_of") == account)
            let chargeID = try #require(intent.s("latest_charge"))
            let charge = try await sandbox.call("GET", "/v1/charges/\(chargeID)")
            #expect(charge.json["transfer_data"]?.s("destination") == account)

            let transfers = try await sandbox.list("/v1/transfers", [("destination", account)])
            #expect(transfers.count == 1)
            let transfer = try #require(transfers.first)
            #expect(transfer.i("amount") == 2700 && transfer.s("source_transaction") == chargeID)
            #expect(transfer.s("destination") == account)

            let stripeFee = Ledger.stripeFee(amount: 3000, currency: "ron")
            let platform = try await sandbox.list("/v1/balance_transactions")
            let byType = Dictionary(grouping: platform) { $0.s("type") ?? "" }
            #expect(byType["charge"]?.first?.i("net") == 3000 - stripeFee)
            #expect(byType["transfer"]?.first?.i("amount") == -2700)
            #expect(byType["transfer"]?.first?.s("source") == transfer.s("id"))
            #expect(platform.reduce(0) { $0 + ($1.i("net") ?? 0) } == 300 - stripeFee)
            let destination = try await sandbox.list("/v1/balance_transactions", account: account)
            #expect(destination.count == 1)
            #expect(destination.first?.s("type") == "payment" && destination.first?.i("net") == 2700)
            #expect(destination.first?.s("source") == transfer.s("destination_payment"))
            // The ledger's balances agree.
            let totals = try await sandbox.withCall { call in
                (
                    try await call.ledger.totals(account: account)["ron"]?.pending,
                    try await call.ledger.totals(account: call.account)["ron"]?.pending
                )
            }
            #expect(totals.0 == 2700 && totals.1 == 300 - stripeFee)

            // The destination must be a connected account of the platform, and only the platform names one.
            let bad = try await sandbox.call(
                "POST",
                "/v1/payment_intents",
                [("amount", "100"), ("currency", "ron"), ("transfer_data[destination]", "acct_1Unknown")]
            )
            #expect(bad.status == 400 && bad.error("param") == "transfer_data[destination]")
            let fromAccount = try await sandbox.call(
                "POST",
                "/v1/payment_intents",
                [("amount", "100"), ("currency", "ron"), ("transfer_data[destination]", account)],
                account: account
            )
            #expect(fromAccount.status == 400 && fromAccount.error("param") == "transfer_data[destination]")
        }
    }

    @Test("manual capture: requires_capture without money, partial capture releases the rest")
    func manualCapture() async throws {
        try await SandboxHarness.payments { sandbox in
            let intent = try await sandbox.intent([
                ("amount", "1000"), ("currency", "eur"), ("payment_method", "pm_card_mastercard"),
                ("capture_method", "manual"), ("confirm", "true"),
            ])
            let id = try #require(intent.s("id"))
            #expect(intent.s("status") == "requires_capture")
            #expect(intent.i("amount_capturable") == 1000 && intent.i("amount_received") == 0)
            let chargeID = try #require(intent.s("latest_charge"))
            let authorised = try await sandbox.call("GET", "/v1/charges/\(chargeID)")
            #expect(authorised.json["captured"] == false && authorised.string("balance_transaction") == nil)
            #expect(try await sandbox.list("/v1/balance_transactions").isEmpty)

            let tooMuch = try await sandbox.call(
                "POST",
                "/v1/payment_intents/\(id)/capture",
                [("amount_to_capture", "1001")]
            )
            #expect(tooMuch.status == 400 && tooMuch.error("param") == "amount_to_capture")

            let captured = try await sandbox.call(
                "POST",
                "/v1/payment_intents/\(id)/capture",
                [("amount_to_capture", "600")]
            )
            #expect(captured.status == 200, "\(captured.text)")
            #expect(captured.string("status") == "succeeded")
            #expect(captured.json.i("amount_received") == 600 && captured.json.i("amount_capturable") == 0)
            let charge = try await sandbox.call("GET", "/v1/charges/\(chargeID)")
            #expect(charge.json["captured"] == true)
            #expect(charge.json.i("amount_captured") == 600 && charge.json.i("amount_refunded") == 400)
            #expect(charge.json["refunded"] == false)
            let txns = try await sandbox.list("/v1/balance_transactions", [("source", chargeID)])
            #expect(txns.count == 1 && txns.first?.i("amount") == 600)
            #expect(txns.first?.i("fee") == Ledger.stripeFee(amount: 600, currency: "eur"))

            let again = try await sandbox.call("POST", "/v1/payment_intents/\(id)/capture")
            #expect(again.status == 400)
            #expect(again.error("code") == "payment_intent_unexpected_state")
            #expect(again.json["error"]?["payment_intent"]?.s("id") == id)
            // Only the captured 600 can be refunded.
            let refund = try await sandbox.call("POST", "/v1/refunds", [("charge", chargeID), ("amount", "601")])
            #expect(refund.status == 400 && refund.error("code") == "amount_too_large")

            // Cancelling an authorised intent releases it.
            let other = try await sandbox.intent([
                ("amount", "700"), ("currency", "eur"), ("payment_method", "pm_card_visa"),
                ("capture_method", "manual"), ("confirm", "true"),
            ])
            let canceled = try await sandbox.call(
                "POST",
                "/v1/payment_intents/\(other.s("id") ?? "")/cancel",
                [("cancellation_reason", "requested_by_customer")]
            )
            #expect(canceled.string("status") == "canceled")
            #expect(canceled.string("cancellation_reason") == "requested_by_customer")
            let released = try await sandbox.call("GET", "/v1/charges/\(other.s("latest_charge") ?? "")")
            #expect(released.json["refunded"] == true && released.json.i("amount_refunded") == 700)
            let cancelSucceeded = try await sandbox.call("POST", "/v1/payment_intents/\(id)/cancel")
            #expect(cancelSucceeded.status == 400 && cancelSucceeded.error("code") == "payment_intent_unexpected_state")
        }
    }

    @Test("a declined card: 402 card_error with the intent, a persisted failed charge and events")
    func decline() async throws {
        try await SandboxHarness.payments { sandbox in
            let account = try await sandbox.makeConnectedAccount()
            let form = [
                ("amount", "1000"), ("currency", "ron"), ("payment_method", "pm_card_chargeDeclined"),
                ("confirm", "true"),
            ]
            let declined = try await sandbox.call(
                "POST",
                "/v1/payment_intents",
                form,
                account: account,
                idempotencyKey: "decline-1"
            )
            #expect(declined.status == 402)
            #expect(declined.error("type") == "card_error")
            #expect(declined.error("code") == "card_declined")
            #expect(declined.error("decline_code") == "generic_decline")
            #expect(declined.error("message") == "Your card was declined.")
            #expect(declined.error("param") == "")
            let error = try #require(declined.json["error"])
            let intent = try #require(error["payment_intent"])
            #expect(intent.s("status") == "requires_payment_method")
            #expect(intent["last_payment_error"]?.s("code") == "card_declined")
            #expect(intent["last_payment_error"]?.s("decline_code") == "generic_decline")
            #expect(error["payment_method"]?.s("object") == "payment_method")
            let chargeID = try #require(error.s("charge"))

            let charge = try await sandbox.call("GET", "/v1/charges/\(chargeID)", account: account)
            #expect(charge.status == 200)
            #expect(charge.string("status") == "failed" && charge.json["paid"] == false)
            #expect(charge.string("failure_code") == "card_declined")
            #expect(charge.string("failure_message") == "Your card was declined.")
            #expect(charge.json["outcome"]?.s("network_status") == "declined_by_network")
            let stored = try await sandbox.call("GET", "/v1/payment_intents/\(intent.s("id") ?? "")", account: account)
            #expect(stored.string("status") == "requires_payment_method")
            #expect(stored.string("latest_charge") == chargeID)
            #expect(try await sandbox.list("/v1/balance_transactions", account: account).isEmpty)

            let failed = try await sandbox.list(
                "/v1/events",
                [("type", "payment_intent.payment_failed")],
                account: account
            )
            #expect(failed.count == 1 && failed.first?.s("account") == account)
            let chargeFailed = try await sandbox.list("/v1/events", [("type", "charge.failed")], account: account)
            #expect(chargeFailed.first?["data"]?["object"]?.s("id") == chargeID)

            // The decline is replayed for its idempotency key; nothing new is created.
            let replay = try await sandbox.call(
                "POST",
                "/v1/payment_intents",
                form,
                account: account,
                idempotencyKey: "decline-1"
            )
            #expect(replay.status == 402 && replay.body == declined.body)
            #expect(try await sandbox.list("/v1/charges", account: account).count == 1)

            // A retry with a good card succeeds.
            let retry = try await sandbox.call(
                "POST",
                "/v1/payment_intents/\(intent.s("id") ?? "")/confirm",
                [("payment_method", "pm_card_visa")],
                account: account
            )
            #expect(retry.string("status") == "succeeded" && retry.string("last_payment_error") == nil)
        }
    }

    @Test("3-D Secure: requires_action, the sandbox page completes or fails the payment and redirects back")
    func threeDSecure() async throws {
        try await SandboxHarness.payments { sandbox in
            let account = try await sandbox.makeConnectedAccount()
            let intent = try await sandbox.cardPayment(
                2000,
                card: "pm_card_authenticationRequired",
                account: account,
                [("return_url", "https://shop.example/done?order=7")]
            )
            let id = try #require(intent.s("id"))
            let secret = try #require(intent.s("client_secret"))
            #expect(intent.s("status") == "requires_action")
            #expect(intent["next_action"]?.s("type") == "redirect_to_url")
            let url = try #require(intent["next_action"]?["redirect_to_url"]?.s("url"))
            #expect(intent["next_action"]?["redirect_to_url"]?.s("return_url") == "https://shop.example/done?order=7")
            let target = pathOf(url)
            #expect(target == "/sandbox/3ds/\(account)/\(id)?client_secret=\(secret)")
            #expect(url.hasPrefix("http://"))

            let page = try await sandbox.browse("GET", target)
            #expect(page.status == 200)
            let html = String(decoding: page.body, as: UTF8.self)
            #expect(html.contains("<form method=\"post\"") && html.contains("value=\"complete\""))
            #expect(html.contains("value=\"fail\""))
            let wrong = try await sandbox.browse("GET", "/sandbox/3ds/\(account)/\(id)?client_secret=pi_wrong_secret_x")
            #expect(wrong.status == 404)

            let completed = try await sandbox.browse("POST", target, form: "action=complete")
            #expect(completed.status == 303)
            #expect(
                completed.headers["Location"]
                    == "https://shop.example/done?order=7&payment_intent=\(id)&payment_intent_client_secret=\(secret)&redirect_status=succeeded"
            )
            let done = try await sandbox.call("GET", "/v1/payment_intents/\(id)", account: account)
            #expect(done.string("status") == "succeeded" && done.json["next_action"] == .null)
            let charge = try await sandbox.call(
                "GET",
                "/v1/charges/\(done.string("latest_charge") ?? "")",
                account: account
            )
            #expect(charge.json["payment_method_details"]?["card"]?["three_d_secure"]?.s("result") == "authenticated")
            let action = try await sandbox.list(
                "/v1/events",
                [("type", "payment_intent.requires_action")],
                account: account
            )
            #expect(action.count == 1)
            let used = try await sandbox.browse("POST", target, form: "action=complete")
            #expect(used.status == 404)

            // Failing the challenge.
            let second = try await sandbox.cardPayment(500, card: "pm_card_threeDSecure2Required", account: account)
            let secondURL = try #require(second["next_action"]?["redirect_to_url"]?.s("url"))
            let failed = try await sandbox.browse("POST", secondURL, form: "action=fail")
            #expect(failed.status == 200)
            let after = try await sandbox.call("GET", "/v1/payment_intents/\(second.s("id") ?? "")", account: account)
            #expect(after.string("status") == "requires_payment_method")
            #expect(after.json["last_payment_error"]?.s("code") == "payment_intent_authentication_failure")

            // Off-session, a card that needs authentication is declined.
            let offSession = try await sandbox.call(
                "POST",
                "/v1/payment_intents",
                [
                    ("amount", "500"), ("currency", "ron"), ("payment_method", "pm_card_authenticationRequired"),
                    ("confirm", "true"), ("off_session", "true"),
                ],
                account: account
            )
            #expect(offSession.status == 402 && offSession.error("code") == "authentication_required")
        }
    }

    @Test("Stripe.js-style calls: publishable key with the client secret; card details in payment_method_data")
    func publishable() async throws {
        try await SandboxHarness.payments { sandbox in
            let account = try await sandbox.makeConnectedAccount()
            let intent = try await sandbox.intent(
                [("amount", "1200"), ("currency", "ron"), ("application_fee_amount", "100")],
                account: account
            )
            let id = try #require(intent.s("id"))
            let secret = try #require(intent.s("client_secret"))
            #expect(intent.s("status") == "requires_payment_method")
            let pk = SandboxHarness.publishableKey

            let seen = try await sandbox.call(
                "GET",
                "/v1/payment_intents/\(id)",
                [("client_secret", secret)],
                account: account,
                key: pk
            )
            #expect(seen.status == 200 && seen.string("id") == id)
            let wrong = try await sandbox.call(
                "GET",
                "/v1/payment_intents/\(id)",
                [("client_secret", "pi_wrong_secret_x")],
                account: account,
                key: pk
            )
            #expect(wrong.status == 400)
            #expect(
                wrong.error("code") == "payment_intent_invalid_parameter" && wrong.error("param") == "client_secret"
            )
            let without = try await sandbox.call("GET", "/v1/payment_intents/\(id)", account: account, key: pk)
            #expect(without.status == 400 && without.error("param") == "client_secret")
            let create = try await sandbox.call(
                "POST",
                "/v1/payment_intents",
                [("amount", "100"), ("currency", "ron")],
                account: account,
                key: pk
            )
            #expect(create.status == 401)
            let capture = try await sandbox.call("POST", "/v1/payment_intents/\(id)/capture", account: account, key: pk)
            #expect(capture.status == 401)

            let badNumber = try await sandbox.call(
                "POST",
                "/v1/payment_intents/\(id)/confirm",
                [
                    ("client_secret", secret), ("payment_method_data[type]", "card"),
                    ("payment_method_data[card][number]", "4242424242424241"),
                    ("payment_method_data[card][exp_month]", "12"), ("payment_method_data[card][exp_year]", "2040"),
                    ("payment_method_data[card][cvc]", "123"),
                ],
                account: account,
                key: pk
            )
            #expect(badNumber.status == 402 && badNumber.error("code") == "incorrect_number")

            let confirmed = try await sandbox.call(
                "POST",
                "/v1/payment_intents/\(id)/confirm",
                [
                    ("client_secret", secret), ("payment_method_data[type]", "card"),
                    ("payment_method_data[card][number]", "5555 5555 5555 4444"),
                    ("payment_method_data[card][exp_month]", "8"), ("payment_method_data[card][exp_year]", "2040"),
                    ("payment_method_data[card][cvc]", "123"), ("return_url", "https://shop.example/r"),
                ],
                account: account,
                key: pk
            )
            #expect(confirmed.status == 200, "\(confirmed.text)")
            #expect(confirmed.string("status") == "succeeded")
            let charge = try await sandbox.call(
                "GET",
                "/v1/charges/\(confirmed.string("latest_charge") ?? "")",
                account: account
            )
            let card = charge.json["payment_method_details"]?["card"]
            #expect(card?.s("brand") == "mastercard" && card?.s("last4") == "4444" && card?.i("exp_month") == 8)
            #expect(charge.json.i("application_fee_amount") == 100)

            let token = try await sandbox.intent(
                [
                    ("amount", "300"), ("currency", "ron"), ("confirm", "true"), ("payment_method_data[type]", "card"),
                    ("payment_method_data[card][token]", "tok_visa"),
                ],
                account: account
            )
            #expect(token.s("status") == "succeeded")
        }
    }
}

/// The path and query of an absolute URL (the sandbox's origin is the request's `Host`).
private func pathOf(_ url: String) -> String {
    let afterScheme = url.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
    guard afterScheme.count == 4 else { return url }
    return "/" + afterScheme[3]
}
