import StripeSandboxBilling
import StripeSandboxCore
import StripeSandboxTesting
import Testing

@Suite("Stripe sandbox Billing: subscriptions, invoices and renewals")
struct SubscriptionTests {
    @Test("a trial: trialing with a paid 0 invoice, then active with a paid invoice per period")
    func trialThenRenewals() async throws {
        try await SandboxHarness.with(families: BillingFixtures.families) { sandbox in
            let price = try await BillingFixtures.monthlyPrice(sandbox)
            let (customer, method) = try await BillingFixtures.insertCustomer(sandbox)
            let created = try await sandbox.call(
                "POST",
                "/v1/subscriptions",
                [
                    ("customer", customer), ("items[0][price]", price), ("trial_period_days", "7"),
                    ("metadata[order]", "42"), ("expand[]", "latest_invoice"),
                ]
            )
            #expect(created.status == 200)
            let id = try #require(created.string("id"))
            #expect(id.hasPrefix("sub_"))
            #expect(created.string("status") == "trialing")
            let trialStart = try #require(created.json["trial_start"]?.intValue)
            let trialEnd = try #require(created.json["trial_end"]?.intValue)
            #expect(trialEnd - trialStart == 7 * BillingFixtures.day)
            #expect(created.json["billing_cycle_anchor"]?.intValue == trialEnd)
            #expect(BillingFixtures.period(created.json).end == trialEnd)
            let item = created.json["items"]?["data"]?.arrayValue?.first
            #expect(item?["object"] == "subscription_item")
            #expect(item?["price"]?["id"] == .string(price))
            #expect(item?["plan"]?["amount"] == 2000)
            #expect(item?["quantity"] == 1)
            #expect(created.json["items"]?["url"] == .string("/v1/subscription_items?subscription=\(id)"))
            let trialInvoice = try #require(created.json["latest_invoice"]?.objectValue)
            #expect(trialInvoice["amount_due"] == 0)
            #expect(trialInvoice["status"] == "paid")
            #expect(trialInvoice["billing_reason"] == "subscription_create")
            #expect(trialInvoice["parent"]?["subscription_details"]?["subscription"] == .string(id))
            #expect(trialInvoice["parent"]?["subscription_details"]?["metadata"]?["order"] == "42")
            #expect(trialInvoice["parent"]?["type"] == "subscription_details")
            #expect(trialInvoice["lines"]?["data"]?.arrayValue?.first?["description"] == "Trial period for Gold")
            #expect(trialInvoice["number"] == "ABCD1234-0001")
            #expect(try await BillingFixtures.events(sandbox, type: "customer.subscription.created").count == 1)

            // Past the trial: the first paid period.
            try await BillingFixtures.advance(sandbox, seconds: 8 * BillingFixtures.day)
            let active = try await sandbox.call("GET", "/v1/subscriptions/\(id)")
            #expect(active.string("status") == "active")
            let firstPeriod = BillingFixtures.period(active.json)
            #expect(firstPeriod.start == trialEnd)
            #expect(firstPeriod.end == BillingPeriods.add(trialEnd, interval: "month", count: 1))
            var invoices = try await BillingFixtures.invoices(sandbox, subscription: id)
            #expect(invoices.count == 2)
            let paid = try #require(invoices.first)
            #expect(active.json["latest_invoice"] == paid["id"])
            #expect(paid["billing_reason"] == "subscription_cycle")
            #expect(paid["status"] == "paid")
            #expect(paid["amount_due"] == 2000)
            #expect(paid["amount_paid"] == 2000)
            #expect(paid["amount_remaining"] == 0)
            #expect(paid["attempt_count"] == 1)
            #expect(paid["customer"] == .string(customer))
            #expect(paid["currency"] == "ron")
            #expect(paid["customer_email"] == "subscriber@example.com")
            #expect(paid["number"] == "ABCD1234-0002")
            let line = paid["lines"]?["data"]?.arrayValue?.first
            #expect(line?["amount"] == 2000)
            #expect(line?["description"] == "1 × Gold (at 20.00 RON / month)")
            #expect(line?["period"]?["start"]?.intValue == trialEnd)
            #expect(line?["period"]?["end"]?.intValue == firstPeriod.end)
            #expect(line?["parent"]?["subscription_item_details"]?["subscription"] == .string(id))
            let updates = try await BillingFixtures.events(sandbox, type: "customer.subscription.updated")
            #expect(updates.first?["data"]?["previous_attributes"]?["status"] == "trialing")
            #expect(try await BillingFixtures.events(sandbox, type: "invoice.payment_succeeded").count == 2)
            let warnings = try await BillingFixtures.events(sandbox, type: "customer.subscription.trial_will_end")
            #expect(warnings.count == 1)
            #expect(warnings.first?["created"]?.intValue == trialEnd - 3 * BillingFixtures.day)
            #expect(try await BillingFixtures.events(sandbox, type: "invoice.paid").count == 2)
            let charges = try await BillingFixtures.events(sandbox, type: "payment_intent.succeeded")
            #expect(charges.count == 1)
            #expect(charges.first?["data"]?["object"]?["amount"] == 2000)
            #expect(charges.first?["data"]?["object"]?["customer"] == .string(customer))
            #expect(charges.first?["data"]?["object"]?["payment_method"] == .string(method))

            // Another month: a second paid invoice and the period moves on.
            try await BillingFixtures.advance(sandbox, seconds: 32 * BillingFixtures.day)
            let renewed = try await sandbox.call("GET", "/v1/subscriptions/\(id)")
            #expect(renewed.string("status") == "active")
            #expect(BillingFixtures.period(renewed.json).start == firstPeriod.end)
            invoices = try await BillingFixtures.invoices(sandbox, subscription: id)
            #expect(invoices.count == 3)
            #expect(invoices.filter { $0["status"] == "paid" && $0["amount_paid"] == 2000 }.count == 2)
            #expect(invoices.first?["period_start"]?.intValue == firstPeriod.start)
            #expect(invoices.first?["period_end"]?.intValue == firstPeriod.end)
            let listed = try await sandbox.call("GET", "/v1/subscriptions", [("customer", customer)])
            #expect(listed.json["data"]?.arrayValue?.map { $0["id"] } == [.string(id)])
            let byPrice = try await sandbox.call("GET", "/v1/subscriptions", [("price", "price_other")])
            #expect(byPrice.json["data"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test("fail_next_renewal: past_due with an open invoice; paying it makes the subscription active again")
    func failedRenewalThenPay() async throws {
        try await SandboxHarness.with(families: BillingFixtures.families) { sandbox in
            let price = try await BillingFixtures.monthlyPrice(sandbox, amount: 1500)
            let (customer, _) = try await BillingFixtures.insertCustomer(sandbox)
            let created = try await sandbox.call(
                "POST",
                "/v1/subscriptions",
                [("customer", customer), ("items[0][price]", price), ("items[0][quantity]", "2")]
            )
            #expect(created.string("status") == "active")
            let id = try #require(created.string("id"))
            let first = try await BillingFixtures.invoices(sandbox, subscription: id)
            #expect(first.first?["amount_paid"] == 3000)
            #expect(
                first.first?["lines"]?["data"]?.arrayValue?.first?["description"] == "2 × Gold (at 15.00 RON / month)"
            )

            let flagged = try await sandbox.call("POST", "/v1/test_helpers/subscriptions/\(id)/fail_next_renewal")
            #expect(flagged.status == 200)
            #expect(flagged.json["metadata"] == [:])
            try await BillingFixtures.advance(sandbox, seconds: 32 * BillingFixtures.day)

            let pastDue = try await sandbox.call("GET", "/v1/subscriptions/\(id)")
            #expect(pastDue.string("status") == "past_due")
            let invoices = try await BillingFixtures.invoices(sandbox, subscription: id)
            #expect(invoices.count == 2)
            let open = try #require(invoices.first)
            #expect(open["status"] == "open")
            #expect(open["attempted"] == true)
            #expect(open["attempt_count"] == 1)
            #expect(open["amount_remaining"] == 3000)
            #expect(pastDue.json["latest_invoice"] == open["id"])
            let failures = try await BillingFixtures.events(sandbox, type: "invoice.payment_failed")
            #expect(failures.count == 1)
            #expect(failures.first?["data"]?["object"]?["id"] == open["id"])
            let updates = try await BillingFixtures.events(sandbox, type: "customer.subscription.updated")
            #expect(updates.first?["data"]?["object"]?["status"] == "past_due")
            #expect(updates.first?["data"]?["previous_attributes"]?["status"] == "active")

            let openID = try #require(open["id"]?.stringValue)
            let paid = try await sandbox.call("POST", "/v1/invoices/\(openID)/pay")
            #expect(paid.status == 200)
            #expect(paid.string("status") == "paid")
            #expect(paid.json["amount_paid"] == 3000)
            #expect(paid.json["attempt_count"] == 2)
            let again = try await sandbox.call("POST", "/v1/invoices/\(openID)/pay")
            #expect(again.status == 400)
            let recovered = try await sandbox.call("GET", "/v1/subscriptions/\(id)")
            #expect(recovered.string("status") == "active")
            let latest = try await BillingFixtures.events(sandbox, type: "customer.subscription.updated")
            #expect(latest.first?["data"]?["previous_attributes"]?["status"] == "past_due")
            let openList = try await sandbox.call("GET", "/v1/invoices", [("status", "open")])
            #expect(openList.json["data"]?.arrayValue?.isEmpty == true)

            // The flag was used once: the following renewal is paid.
            try await BillingFixtures.advance(sandbox, seconds: 31 * BillingFixtures.day)
            let next = try await BillingFixtures.invoices(sandbox, subscription: id)
            #expect(next.count == 3)
            #expect(next.first?["status"] == "paid")
        }
    }

    @Test("cancel_at_period_end cancels at the period end without an invoice; DELETE cancels now")
    func cancellations() async throws {
        try await SandboxHarness.with(families: BillingFixtures.families) { sandbox in
            let price = try await BillingFixtures.monthlyPrice(sandbox)
            let (customer, _) = try await BillingFixtures.insertCustomer(sandbox)
            let created = try await sandbox.call(
                "POST",
                "/v1/subscriptions",
                [("customer", customer), ("items[0][price]", price)]
            )
            let id = try #require(created.string("id"))
            let periodEnd = try #require(BillingFixtures.period(created.json).end)
            let updated = try await sandbox.call("POST", "/v1/subscriptions/\(id)", [("cancel_at_period_end", "true")])
            #expect(updated.status == 200)
            #expect(updated.json["cancel_at_period_end"] == true)
            #expect(updated.json["cancel_at"]?.intValue == periodEnd)
            #expect(updated.json["status"] == "active")
            let change = try await BillingFixtures.events(sandbox, type: "customer.subscription.updated")
            #expect(change.first?["data"]?["previous_attributes"]?["cancel_at_period_end"] == false)

            try await BillingFixtures.advance(sandbox, seconds: 40 * BillingFixtures.day)
            let ended = try await sandbox.call("GET", "/v1/subscriptions/\(id)")
            #expect(ended.string("status") == "canceled")
            #expect(ended.json["ended_at"]?.intValue == periodEnd)
            #expect(ended.json["cancellation_details"]?["reason"] == "cancellation_requested")
            #expect(try await BillingFixtures.invoices(sandbox, subscription: id).count == 1)
            let deletions = try await BillingFixtures.events(sandbox, type: "customer.subscription.deleted")
            #expect(deletions.map { $0["data"]?["object"]?["id"] } == [.string(id)])
            let live = try await sandbox.call("GET", "/v1/subscriptions")
            #expect(live.json["data"]?.arrayValue?.isEmpty == true)
            let canceled = try await sandbox.call("GET", "/v1/subscriptions", [("status", "canceled")])
            #expect(canceled.json["data"]?.arrayValue?.count == 1)
            let refused = try await sandbox.call("POST", "/v1/subscriptions/\(id)", [("cancel_at_period_end", "false")])
            #expect(refused.status == 400)

            let second = try await sandbox.call(
                "POST",
                "/v1/subscriptions",
                [("customer", customer), ("items[0][price]", price)]
            )
            let secondID = try #require(second.string("id"))
            let now = try await BillingFixtures.advance(sandbox, seconds: 3600)
            let deleted = try await sandbox.call("DELETE", "/v1/subscriptions/\(secondID)")
            #expect(deleted.status == 200)
            #expect(deleted.string("status") == "canceled")
            let canceledAt = try #require(deleted.json["canceled_at"]?.intValue)
            #expect(canceledAt >= now && canceledAt < now + 60)
            #expect(deleted.json["ended_at"]?.intValue == canceledAt)
            #expect(try await BillingFixtures.events(sandbox, type: "customer.subscription.deleted").count == 2)
            let twice = try await sandbox.call("DELETE", "/v1/subscriptions/\(secondID)")
            #expect(twice.status == 400)
        }
    }

    @Test("payment behaviours, price changes and trial_end=now")
    func behavioursAndUpdates() async throws {
        try await SandboxHarness.with(families: BillingFixtures.families) { sandbox in
            let price = try await BillingFixtures.monthlyPrice(sandbox)
            let declining = try await BillingFixtures.insertCustomer(sandbox, token: "pm_card_chargeDeclined")
            let refused = try await sandbox.call(
                "POST",
                "/v1/subscriptions",
                [
                    ("customer", declining.customer), ("items[0][price]", price),
                    ("payment_behavior", "error_if_incomplete"),
                ]
            )
            #expect(refused.status == 402)
            #expect(refused.error("type") == "card_error")
            #expect(refused.error("code") == "card_declined")
            #expect(
                try await sandbox.call("GET", "/v1/subscriptions", [("status", "all")]).json["data"]?.arrayValue?
                    .isEmpty == true
            )
            #expect(try await sandbox.call("GET", "/v1/invoices").json["data"]?.arrayValue?.isEmpty == true)

            let incomplete = try await sandbox.call(
                "POST",
                "/v1/subscriptions",
                [("customer", declining.customer), ("items[0][price]", price)]
            )
            #expect(incomplete.status == 200)
            #expect(incomplete.string("status") == "incomplete")
            let incompleteID = try #require(incomplete.string("id"))
            let openInvoice = try #require(
                try await BillingFixtures.invoices(sandbox, subscription: incompleteID).first
            )
            #expect(openInvoice["status"] == "open")
            let working = try await BillingFixtures.insertPaymentMethod(sandbox, customer: declining.customer)
            let openID = try #require(openInvoice["id"]?.stringValue)
            let paidNow = try await sandbox.call("POST", "/v1/invoices/\(openID)/pay", [("payment_method", working)])
            #expect(paidNow.string("status") == "paid")
            #expect(try await sandbox.call("GET", "/v1/subscriptions/\(incompleteID)").string("status") == "active")

            let expiring = try await sandbox.call(
                "POST",
                "/v1/subscriptions",
                [("customer", declining.customer), ("items[0][price]", price)]
            )
            let expiringID = try #require(expiring.string("id"))
            try await BillingFixtures.advance(sandbox, seconds: 24 * 3600)
            let expired = try await sandbox.call("GET", "/v1/subscriptions/\(expiringID)")
            #expect(expired.string("status") == "incomplete_expired")
            #expect(try await BillingFixtures.invoices(sandbox, subscription: expiringID).first?["status"] == "void")

            // A trial ended now and a price change.
            let (customer, _) = try await BillingFixtures.insertCustomer(sandbox)
            let trial = try await sandbox.call(
                "POST",
                "/v1/subscriptions",
                [("customer", customer), ("items[0][price]", price), ("trial_period_days", "14")]
            )
            let trialID = try #require(trial.string("id"))
            let itemID = try #require(trial.json["items"]?["data"]?.arrayValue?.first?["id"]?.stringValue)
            let dearer = try await BillingFixtures.monthlyPrice(sandbox, amount: 3500)
            let changed = try await sandbox.call(
                "POST",
                "/v1/subscriptions/\(trialID)",
                [("items[0][id]", itemID), ("items[0][price]", dearer), ("trial_end", "now")]
            )
            #expect(changed.status == 200)
            #expect(changed.string("status") == "active")
            #expect(changed.json["items"]?["data"]?.arrayValue?.first?["price"]?["id"] == .string(dearer))
            #expect(changed.json["items"]?["data"]?.arrayValue?.first?["id"] == .string(itemID))
            let trialInvoices = try await BillingFixtures.invoices(sandbox, subscription: trialID)
            #expect(trialInvoices.count == 2)
            #expect(trialInvoices.first?["billing_reason"] == "subscription_update")
            #expect(trialInvoices.first?["amount_paid"] == 3500)

            let noMethod = try await BillingFixtures.insertCustomer(sandbox, token: nil)
            let missing = try await sandbox.call(
                "POST",
                "/v1/subscriptions",
                [("customer", noMethod.customer), ("items[0][price]", price)]
            )
            #expect(missing.status == 400)
            #expect(missing.error("code") == "resource_missing")
            let trialWithout = try await sandbox.call(
                "POST",
                "/v1/subscriptions",
                [("customer", noMethod.customer), ("items[0][price]", price), ("trial_end", "now")]
            )
            #expect(trialWithout.status == 400)
            let withToken = try await sandbox.call(
                "POST",
                "/v1/subscriptions",
                [
                    ("customer", noMethod.customer), ("items[0][price]", price),
                    ("default_payment_method", "pm_card_mastercard"),
                ]
            )
            #expect(withToken.string("status") == "active")
            #expect(withToken.string("default_payment_method")?.hasPrefix("pm_") == true)
            #expect(withToken.string("default_payment_method") != "pm_card_mastercard")
        }
    }

    @Test("bad subscription parameters are 400s naming the parameter")
    func badParameters() async throws {
        try await SandboxHarness.with(families: BillingFixtures.families) { sandbox in
            let price = try await BillingFixtures.monthlyPrice(sandbox)
            let (customer, _) = try await BillingFixtures.insertCustomer(sandbox)
            let noItems = try await sandbox.call("POST", "/v1/subscriptions", [("customer", customer)])
            #expect(noItems.status == 400)
            #expect(noItems.error("param") == "items")
            #expect(noItems.error("code") == "parameter_missing")

            let noPrice = try await sandbox.call(
                "POST",
                "/v1/subscriptions",
                [("customer", customer), ("items[0][quantity]", "1")]
            )
            #expect(noPrice.status == 400)
            #expect(noPrice.error("param") == "items[0][price]")

            let product = try await sandbox.call("POST", "/v1/products", [("name", "One")])
            let oneTime = try await sandbox.call(
                "POST",
                "/v1/prices",
                [("product", product.string("id") ?? ""), ("unit_amount", "100"), ("currency", "ron")]
            )
            let wrongType = try await sandbox.call(
                "POST",
                "/v1/subscriptions",
                [("customer", customer), ("items[0][price]", oneTime.string("id") ?? "")]
            )
            #expect(wrongType.status == 400)
            #expect(wrongType.error("param") == "items[0][price]")

            let euro = try await sandbox.call(
                "POST",
                "/v1/prices",
                [
                    ("product", product.string("id") ?? ""), ("unit_amount", "100"), ("currency", "eur"),
                    ("recurring[interval]", "month"),
                ]
            )
            let mixed = try await sandbox.call(
                "POST",
                "/v1/subscriptions",
                [("customer", customer), ("items[0][price]", price), ("items[1][price]", euro.string("id") ?? "")]
            )
            #expect(mixed.status == 400)
            #expect(mixed.error("param") == "items")

            let unknownCustomer = try await sandbox.call(
                "POST",
                "/v1/subscriptions",
                [("customer", "cus_nobody"), ("items[0][price]", price)]
            )
            #expect(unknownCustomer.status == 404)
            #expect(unknownCustomer.error("param") == "customer")

            let badTrial = try await sandbox.call(
                "POST",
                "/v1/subscriptions",
                [("customer", customer), ("items[0][price]", price), ("trial_end", "yesterday")]
            )
            #expect(badTrial.status == 400)
            #expect(badTrial.error("param") == "trial_end")

            let badBehavior = try await sandbox.call(
                "POST",
                "/v1/subscriptions",
                [("customer", customer), ("items[0][price]", price), ("payment_behavior", "sometimes")]
            )
            #expect(badBehavior.status == 400)
            #expect(badBehavior.error("param") == "payment_behavior")

            let platformFee = try await sandbox.call(
                "POST",
                "/v1/subscriptions",
                [("customer", customer), ("items[0][price]", price), ("application_fee_percent", "10")]
            )
            #expect(platformFee.status == 400)
            #expect(platformFee.error("param") == "application_fee_percent")

            let unknown = try await sandbox.call(
                "POST",
                "/v1/subscriptions",
                [("customer", customer), ("items[0][price]", price), ("items[0][colour]", "red")]
            )
            #expect(unknown.status == 400)
            #expect(unknown.error("param") == "items[0][colour]")
            #expect(
                try await sandbox.call("POST", "/v1/test_helpers/subscriptions/sub_nope/fail_next_renewal").status
                    == 404
            )
        }
    }

    @Test("subscription lists skip canceled ones by default and page with starting_after and ending_before")
    func listPaging() async throws {
        try await SandboxHarness.with(families: BillingFixtures.families) { sandbox in
            let price = try await BillingFixtures.monthlyPrice(sandbox)
            let (customer, _) = try await BillingFixtures.insertCustomer(sandbox)
            var ids: [String] = []
            for _ in 0..<5 {
                let created = try await sandbox.call(
                    "POST",
                    "/v1/subscriptions",
                    [("customer", customer), ("items[0][price]", price)]
                )
                ids.append(try #require(created.string("id")))
            }
            for id in [ids[1], ids[3]] {
                #expect(try await sandbox.call("DELETE", "/v1/subscriptions/\(id)").status == 200)
            }
            func page(_ form: [(String, String)]) async throws -> ([JSON], Bool) {
                let list = try await sandbox.call("GET", "/v1/subscriptions", form)
                #expect(list.status == 200)
                return (list.json["data"]?.arrayValue ?? [], list.json["has_more"] == true)
            }
            let (first, firstMore) = try await page([("limit", "2")])
            #expect(first.map { $0["id"] } == [.string(ids[4]), .string(ids[2])])
            #expect(firstMore)
            let (second, secondMore) = try await page([("limit", "2"), ("starting_after", ids[2])])
            #expect(second.map { $0["id"] } == [.string(ids[0])])
            #expect(!secondMore)
            let (back, backMore) = try await page([("limit", "1"), ("ending_before", ids[0])])
            #expect(back.map { $0["id"] } == [.string(ids[2])])
            #expect(backMore)
            let (ended, _) = try await page([("status", "ended")])
            #expect(ended.map { $0["id"] } == [.string(ids[3]), .string(ids[1])])
            let (all, _) = try await page([("status", "all"), ("limit", "100")])
            #expect(all.count == 5)
        }
    }
}
