import StripeSandboxCore

/// `POST /v1/subscriptions/{id}`.
enum SubscriptionUpdate {
    /// What a canceled subscription still accepts.
    static let endedParams: Set<String> = ["metadata", "cancellation_details", "expand"]

    static func update(_ call: Call) async throws -> JSON {
        let params = call.params
        var subscription = try await call.pathObject("subscription", forUpdate: true)
        let before = subscription
        let at = try await SubscriptionEngine.clocked(call, testClock: subscription["test_clock"]?.stringValue)
        let status = subscription["status"]?.stringValue ?? ""
        if status == "canceled" || status == "incomplete_expired" {
            if let name = params.values.keys.sorted().first(where: { !endedParams.contains($0) }) {
                throw StripeError.invalidRequest(
                    "A canceled subscription can only update its cancellation_details and metadata.",
                    param: name
                )
            }
        }
        let customerID = subscription["customer"]?.stringValue ?? ""
        params.applyMetadata(to: &subscription)
        params.assignString("description", to: &subscription)
        if let details = params.object("cancellation_details") {
            var current = subscription["cancellation_details"]?.objectValue ?? JSONObject()
            details.assignString("comment", to: &current)
            details.assignString("feedback", to: &current)
            subscription["cancellation_details"] = .object(current)
        }
        if params.has("default_payment_method") {
            if let method = params.string("default_payment_method") {
                subscription["default_payment_method"] = .string(
                    try await SubscriptionRoutes.paymentMethod(
                        method,
                        customer: customerID,
                        call: at,
                        param: "default_payment_method"
                    )
                )
            } else {
                subscription["default_payment_method"] = nil
            }
        }
        if params.has("application_fee_percent") {
            subscription["application_fee_percent"] =
                try SubscriptionRoutes.applicationFeePercent(call).map(JSON.double) ?? .null
        }
        if let save = params.object("payment_settings")?.string("save_default_payment_method") {
            var settings = subscription["payment_settings"]?.objectValue ?? JSONObject()
            settings["save_default_payment_method"] = .string(save)
            subscription["payment_settings"] = .object(settings)
        }
        var newPrices: [JSONObject] = []
        if let itemParams = params.objects("items") {
            newPrices = try await updateItems(&subscription, with: itemParams, call: at)
        }
        if let cancel = params.bool("cancel_at_period_end") {
            subscription["cancel_at_period_end"] = .bool(cancel)
            subscription["cancel_at"] = cancel ? .int(SubscriptionEngine.periodEnd(subscription)) : .null
            subscription["canceled_at"] = cancel ? .int(at.now) : .null
            var details = subscription["cancellation_details"]?.objectValue ?? JSONObject()
            details["reason"] = cancel ? "cancellation_requested" : .null
            subscription["cancellation_details"] = .object(details)
        }
        for price in newPrices {
            try await at.store.insert(price, account: at.account)
            try await at.events.record(type: "price.created", object: price, account: at.account)
        }
        if let text = params.string("trial_end") {
            try await changeTrial(&subscription, trialEnd: try SubscriptionRoutes.trialEnd(text, now: at.now), call: at)
        }
        guard subscription != before else { return .object(subscription) }
        try await SubscriptionEngine.saveUpdated(subscription, before: before, call: at)
        return .object(subscription)
    }

    /// Applies `items[]`: `id` + changes (`price`, `quantity`, `metadata`, `deleted`) or a new item. New prices
    /// apply from the next period (the sandbox makes no prorations). Returns prices made from `price_data`.
    private static func updateItems(
        _ subscription: inout JSONObject,
        with itemParams: [Params],
        call: Call
    ) async throws
        -> [JSONObject]
    {
        var items = SubscriptionEngine.items(subscription)
        var newPrices: [JSONObject] = []
        let subscriptionID = subscription["id"]?.stringValue ?? ""
        let start = SubscriptionEngine.periodStart(subscription)
        let end = SubscriptionEngine.periodEnd(subscription)
        for itemParams in itemParams {
            if let itemID = itemParams.string("id") {
                guard let index = items.firstIndex(where: { $0["id"]?.stringValue == itemID }) else {
                    throw StripeError.resourceMissing("subscription_item", itemID, param: itemParams.path("id"))
                }
                if itemParams.bool("deleted") == true {
                    items.remove(at: index)
                    continue
                }
                var item = items[index]
                if itemParams.has("price") || itemParams.has("price_data") {
                    let (price, new) = try await SubscriptionRoutes.price(for: itemParams, call: call)
                    if new { newPrices.append(price) }
                    item["price"] = .object(price)
                    item["plan"] = .object(PriceRules.plan(from: price))
                }
                if let quantity = itemParams.int("quantity") { item["quantity"] = .int(quantity) }
                itemParams.applyMetadata(to: &item)
                items[index] = item
            } else {
                guard itemParams.bool("deleted") != true else { throw StripeError.missing(itemParams.path("id")) }
                let (price, new) = try await SubscriptionRoutes.price(for: itemParams, call: call)
                if new { newPrices.append(price) }
                var metadata = JSONObject()
                itemParams.applyMetadata(to: &metadata)
                var item = SubscriptionEngine.item(
                    price: price,
                    quantity: itemParams.int("quantity") ?? 1,
                    metadata: metadata["metadata"]?.objectValue ?? JSONObject(),
                    subscription: subscriptionID,
                    call: call
                )
                item["current_period_end"] = .int(end)
                item["current_period_start"] = .int(start)
                items.append(item)
            }
        }
        guard !items.isEmpty else {
            throw StripeError.invalidRequest("A subscription must have at least one item.", param: "items")
        }
        try SubscriptionRoutes.checkCompatible(
            items.compactMap { $0["price"]?.objectValue },
            currency: subscription["currency"]?.stringValue,
            param: "items"
        )
        SubscriptionEngine.setItems(items, of: &subscription)
        return newPrices
    }

    /// `trial_end`: `now` (`nil`) ends a trial and bills the first period now; a future time (re)starts or
    /// moves the trial.
    private static func changeTrial(_ subscription: inout JSONObject, trialEnd: Int64?, call: Call) async throws {
        let status = subscription["status"]?.stringValue ?? ""
        guard let trialEnd else {
            guard status == "trialing" else { return }
            let customerID = subscription["customer"]?.stringValue ?? ""
            let customer = try await call.store.require(
                customerID,
                account: call.account,
                object: "customer",
                param: "customer"
            )
            let (interval, count) = SubscriptionEngine.interval(subscription)
            let end = BillingPeriods.add(call.now, interval: interval, count: count)
            let oldStart = SubscriptionEngine.periodStart(subscription) ?? call.now
            subscription["trial_end"] = .int(call.now)
            subscription["billing_cycle_anchor"] = .int(call.now)
            SubscriptionEngine.setPeriod(&subscription, start: call.now, end: end)
            let lines = try await InvoiceBuilder.lines(
                items: SubscriptionEngine.items(subscription),
                start: call.now,
                end: end,
                trial: false,
                call: call
            )
            let (_, payment) = try await SubscriptionEngine.bill(
                &subscription,
                customer: customer,
                reason: "subscription_update",
                lines: lines,
                periodStart: oldStart,
                periodEnd: call.now,
                attempt: true,
                forceDecline: false,
                call: call
            )
            if case .paid = payment { subscription["status"] = "active" } else { subscription["status"] = "past_due" }
            return
        }
        guard ["trialing", "active", "past_due"].contains(status) else {
            throw StripeError.invalidRequest(
                "trial_end can only be set on an active or trialing subscription.",
                param: "trial_end"
            )
        }
        if status != "trialing" {
            subscription["trial_start"] = .int(call.now)
            subscription["status"] = "trialing"
            SubscriptionEngine.setPeriod(&subscription, start: call.now, end: trialEnd)
        } else {
            SubscriptionEngine.setPeriod(
                &subscription,
                start: SubscriptionEngine.periodStart(subscription) ?? call.now,
                end: trialEnd
            )
        }
        subscription["trial_end"] = .int(trialEnd)
        subscription["billing_cycle_anchor"] = .int(trialEnd)
        if subscription["cancel_at_period_end"] == true { subscription["cancel_at"] = .int(trialEnd) }
    }
}
