import StripeSandboxCore
import StripeSandboxPayments

/// `POST /v1/subscriptions`.
enum SubscriptionCreation {
    static func create(_ call: Call) async throws -> JSON {
        let params = call.params
        let customerID = try params.requireString("customer")
        let customer = try await call.store.require(
            customerID,
            account: call.account,
            object: "customer",
            param: "customer"
        )
        let (now, testClock) = try await TestClockRoutes.time(for: customer, call: call)
        let at = call.at(now)
        let id = IDs.make("sub")

        // Items.
        let itemParams = params.objects("items") ?? []
        guard !itemParams.isEmpty else { throw StripeError.missing("items") }
        var items: [JSONObject] = []
        var newPrices: [JSONObject] = []
        for item in itemParams {
            let (price, new) = try await SubscriptionRoutes.price(for: item, call: at)
            if new { newPrices.append(price) }
            let metadata = item.json("metadata")?.objectValue ?? JSONObject()
            items.append(
                SubscriptionEngine.item(
                    price: price,
                    quantity: item.int("quantity") ?? 1,
                    metadata: JSONObject(metadata.filter { !$0.value.isNull }.map { ($0.key, $0.value) }),
                    subscription: id,
                    call: at
                )
            )
        }
        let prices = items.compactMap { $0["price"]?.objectValue }
        try SubscriptionRoutes.checkCompatible(prices, currency: params.string("currency"), param: "items")

        // Trial.
        var trialEnd: Int64?
        if let text = params.string("trial_end") {
            guard !params.has("trial_period_days") else {
                throw StripeError.invalidRequest(
                    "You may only specify one of these parameters: trial_end, trial_period_days.",
                    param: "trial_period_days"
                )
            }
            trialEnd = try SubscriptionRoutes.trialEnd(text, now: now)
        } else if let days = params.int("trial_period_days"), days > 0 {
            trialEnd = now + days * 86_400
        } else if params.bool("trial_from_plan") == true,
            let days = prices.compactMap({ $0["recurring"]?["trial_period_days"]?.intValue }).max(), days > 0
        {
            trialEnd = now + days * 86_400
        }

        var defaultMethod: String?
        if let method = params.string("default_payment_method") {
            defaultMethod = try await SubscriptionRoutes.paymentMethod(
                method,
                customer: customerID,
                call: at,
                param: "default_payment_method"
            )
        }
        let feePercent = try SubscriptionRoutes.applicationFeePercent(call)

        var subscription = Templates.make("subscription")
        subscription["application"] = nil
        subscription["application_fee_percent"] = feePercent.map(JSON.double) ?? .null
        subscription["automatic_tax"] = ["enabled": false, "liability": nil, "disabled_reason": nil]
        subscription["billing_cycle_anchor"] = .int(trialEnd ?? now)
        subscription["billing_cycle_anchor_config"] = nil
        subscription["cancel_at"] = nil
        subscription["canceled_at"] = nil
        subscription["cancellation_details"] = ["comment": nil, "feedback": nil, "reason": nil]
        subscription["collection_method"] = "charge_automatically"
        subscription["created"] = .int(now)
        subscription["currency"] = prices.first?["currency"] ?? "usd"
        subscription["customer"] = .string(customerID)
        subscription["days_until_due"] = nil
        subscription["default_payment_method"] = .string(defaultMethod)
        subscription["default_source"] = nil
        subscription["default_tax_rates"] = []
        subscription["description"] = .string(params.string("description"))
        subscription["discounts"] = []
        subscription["ended_at"] = nil
        subscription["id"] = .string(id)
        subscription["invoice_settings"] = [
            "account_tax_ids": nil, "issuer": ["type": "self"], "custom_fields": nil, "description": nil, "footer": nil,
        ]
        SubscriptionEngine.setItems(items, of: &subscription)
        subscription["latest_invoice"] = nil
        params.applyMetadata(to: &subscription)
        subscription["next_pending_invoice_item_invoice"] = nil
        subscription["on_behalf_of"] = nil
        subscription["pause_collection"] = nil
        subscription["payment_settings"] = [
            "payment_method_options": nil, "payment_method_types": nil,
            "save_default_payment_method": .string(
                params.object("payment_settings")?.string("save_default_payment_method") ?? "off"
            ),
        ]
        subscription["pending_invoice_item_interval"] = nil
        subscription["pending_setup_intent"] = nil
        subscription["pending_update"] = nil
        subscription["schedule"] = nil
        subscription["start_date"] = .int(now)
        subscription["status"] = "incomplete"
        subscription["test_clock"] = .string(testClock)
        subscription["transfer_data"] = nil
        subscription["trial_end"] = .int(trialEnd)
        subscription["trial_settings"] = ["end_behavior": ["missing_payment_method": "create_invoice"]]
        subscription["trial_start"] = trialEnd == nil ? .null : .int(now)
        subscription["cancel_at_period_end"] = false
        subscription["billing_thresholds"] = nil
        subscription["billing_mode"] = ["type": "classic", "flexible": nil]
        subscription["customer_account"] = nil
        subscription["managed_payments"] = ["enabled": false]
        subscription["billing_schedules"] = []

        let (interval, count) = SubscriptionEngine.interval(subscription)
        let periodEnd = trialEnd ?? BillingPeriods.add(now, interval: interval, count: count)
        SubscriptionEngine.setPeriod(&subscription, start: now, end: periodEnd)
        if params.bool("cancel_at_period_end") == true {
            subscription["cancel_at_period_end"] = true
            subscription["cancel_at"] = .int(periodEnd)
            subscription["canceled_at"] = .int(now)
            subscription["cancellation_details"] = [
                "comment": nil, "feedback": nil, "reason": "cancellation_requested",
            ]
        }

        let behavior = params.string("payment_behavior") ?? "allow_incomplete"
        let lines = try await InvoiceBuilder.lines(
            items: items,
            start: now,
            end: periodEnd,
            trial: trialEnd != nil,
            call: at
        )
        let amount = lines.reduce(0) { $0 + $1.amount }
        if amount > 0, behavior != "default_incomplete",
            SubscriptionEngine.paymentMethod(subscription, customer: customer) == nil
        {
            throw StripeError.invalidRequest(
                "This customer has no attached payment source or default payment method. Please consider adding a "
                    + "default payment method.",
                code: "resource_missing"
            )
        }
        for price in newPrices {
            try await at.store.insert(price, account: at.account)
            try await at.events.record(type: "price.created", object: price, account: at.account)
        }
        try await at.store.insert(subscription, account: at.account)
        let (invoice, payment) = try await SubscriptionEngine.bill(
            &subscription,
            customer: customer,
            reason: "subscription_create",
            lines: lines,
            periodStart: now,
            periodEnd: now,
            attempt: behavior != "default_incomplete",
            forceDecline: false,
            call: at
        )
        switch payment {
        case .paid:
            subscription["status"] = trialEnd == nil ? "active" : "trialing"
        case .failed(let result):
            if behavior == "error_if_incomplete" {
                // Nothing is kept: the request fails as the card did.
                throw StripeError(
                    status: 402,
                    type: "card_error",
                    code: result?.failureCode ?? "card_declined",
                    message: result?.failureMessage ?? "Your card was declined.",
                    extra: declineExtra(result)
                )
            }
            subscription["status"] = "incomplete"
        case .notAttempted:
            subscription["status"] = "incomplete"
        }
        _ = invoice
        try await at.store.update(subscription, account: at.account)
        try await at.events.record(type: "customer.subscription.created", object: subscription, account: at.account)
        return .object(subscription)
    }

    /// The decline details of an error answered for a failed payment.
    static func declineExtra(_ result: OffSessionResult?) -> JSONObject {
        var extra = JSONObject()
        guard let result else { return extra }
        if let charge = result.charge?["id"]?.stringValue { extra["charge"] = .string(charge) }
        if let decline = result.paymentIntent["last_payment_error"]?["decline_code"]?.stringValue {
            extra["decline_code"] = .string(decline)
        }
        extra["payment_intent"] = .object(result.paymentIntent)
        return extra
    }
}
