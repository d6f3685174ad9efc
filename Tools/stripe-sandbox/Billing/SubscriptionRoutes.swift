import StripeSandboxCore

/// `/v1/subscriptions` and the `fail_next_renewal` test helper.
enum SubscriptionRoutes {
    static let statuses = [
        "active", "all", "canceled", "ended", "incomplete", "incomplete_expired", "past_due", "paused", "trialing",
        "unpaid",
    ]

    static let priceDataParams: [Param] = [
        Param("currency", .currency, required: true),
        Param("product", .string(maxLength: 255), required: true),
        Param("unit_amount", .integer(min: 0, max: 99_999_999)),
        Param("unit_amount_decimal", .string(maxLength: 30)),
        Param(
            "recurring",
            .object([
                Param("interval", .enumeration(BillingPeriods.intervals), required: true),
                Param("interval_count", .integer(min: 1, max: 1095)),
            ]),
            required: true
        ),
        Param("tax_behavior", .enumeration(["exclusive", "inclusive", "unspecified"])),
    ]

    static let sharedParams: [Param] = [
        Param("application_fee_percent", .string(maxLength: 20)),
        Param("cancel_at_period_end", .boolean),
        Param("collection_method", .enumeration(["charge_automatically"])),
        Param("default_payment_method", .string(maxLength: 255)),
        Param("description", .string(maxLength: 500)),
        Param("metadata", .metadata),
        Param("off_session", .boolean),
        Param(
            "payment_settings",
            .object([Param("save_default_payment_method", .enumeration(["off", "on_subscription"]))])
        ),
        Param("proration_behavior", .enumeration(["always_invoice", "create_prorations", "none"])),
        Param("trial_end", .string(maxLength: 20)),
    ]

    static func register(_ routes: SandboxRoutes) {
        routes.post(
            "/v1/subscriptions",
            schema: Schema(
                sharedParams + [
                    Param("customer", .string(maxLength: 255), required: true),
                    Param("currency", .currency),
                    Param(
                        "items",
                        .array(
                            .object([
                                Param("price", .string(maxLength: 255)),
                                Param("price_data", .object(priceDataParams)),
                                Param("quantity", .integer(min: 0, max: 1_000_000)),
                                Param("metadata", .metadata),
                            ]),
                            max: 20
                        ),
                        required: true
                    ),
                    Param(
                        "payment_behavior",
                        .enumeration(["allow_incomplete", "default_incomplete", "error_if_incomplete"])
                    ),
                    Param("trial_from_plan", .boolean),
                    Param("trial_period_days", .integer(min: 0, max: 730)),
                ]
            )
        ) { call in
            try await SubscriptionCreation.create(call)
        }
        routes.get("/v1/subscriptions/{id}") { call in
            .object(try await call.pathObject("subscription"))
        }
        routes.post(
            "/v1/subscriptions/{id}",
            schema: Schema(
                sharedParams + [
                    Param(
                        "items",
                        .array(
                            .object([
                                Param("id", .string(maxLength: 255)),
                                Param("price", .string(maxLength: 255)),
                                Param("price_data", .object(priceDataParams)),
                                Param("quantity", .integer(min: 0, max: 1_000_000)),
                                Param("metadata", .metadata),
                                Param("deleted", .boolean),
                            ]),
                            max: 20
                        )
                    ),
                    Param(
                        "payment_behavior",
                        .enumeration([
                            "allow_incomplete", "default_incomplete", "error_if_incomplete", "pending_if_incomplete",
                        ])
                    ),
                    Param(
                        "cancellation_details",
                        .object([
                            Param("comment", .string(maxLength: 5000)),
                            Param("feedback", .enumeration(cancellationFeedback)),
                        ])
                    ),
                ]
            )
        ) { call in
            try await SubscriptionUpdate.update(call)
        }
        routes.delete(
            "/v1/subscriptions/{id}",
            schema: Schema([
                Param(
                    "cancellation_details",
                    .object([
                        Param("comment", .string(maxLength: 5000)),
                        Param("feedback", .enumeration(cancellationFeedback)),
                    ])
                ),
                Param("invoice_now", .boolean),
                Param("prorate", .boolean),
            ])
        ) { call in
            var subscription = try await call.pathObject("subscription", forUpdate: true)
            guard subscription["status"] != "canceled", subscription["status"] != "incomplete_expired" else {
                throw StripeError.invalidRequest(
                    "A canceled subscription can't be canceled again.",
                    param: "id"
                )
            }
            let at = try await SubscriptionEngine.clocked(call, testClock: subscription["test_clock"]?.stringValue)
            if let details = call.params.object("cancellation_details") {
                var current = subscription["cancellation_details"]?.objectValue ?? JSONObject()
                details.assignString("comment", to: &current)
                details.assignString("feedback", to: &current)
                subscription["cancellation_details"] = .object(current)
            }
            subscription["canceled_at"] = .int(at.now)
            try await SubscriptionEngine.cancel(
                &subscription,
                at: at.now,
                reason: "cancellation_requested",
                call: at
            )
            return .object(subscription)
        }
        routes.get(
            "/v1/subscriptions",
            schema: .list([
                Param("customer", .string(maxLength: 255)),
                Param("price", .string(maxLength: 255)),
                Param("status", .enumeration(statuses)),
                Param("test_clock", .string(maxLength: 255)),
                Param("collection_method", .enumeration(["charge_automatically", "send_invoice"])),
            ])
        ) { call in
            let params = call.params
            var filters = params.filters(["customer", "test_clock", "collection_method"])
            let status = params.string("status")
            if let status, status != "all", status != "ended" { filters["status"] = status }
            let price = params.string("price")
            return try await FilteredList.list(
                call: call,
                object: "subscription",
                filters: filters,
                url: "/v1/subscriptions"
            ) { subscription in
                let current = subscription["status"]?.stringValue ?? ""
                switch status {
                case nil: if current == "canceled" { return false }
                case "ended"?: if current != "canceled" && current != "incomplete_expired" { return false }
                default: break
                }
                if let price {
                    return SubscriptionEngine.items(subscription).contains { $0["price"]?["id"]?.stringValue == price }
                }
                return true
            }
        }
        routes.post("/v1/test_helpers/subscriptions/{id}/fail_next_renewal") { call in
            let subscription = try await call.pathObject("subscription", forUpdate: true)
            guard let status = subscription["status"]?.stringValue,
                SubscriptionEngine.renewingStatuses.contains(status)
            else {
                throw StripeError.invalidRequest(
                    "Only an active, trialing or past_due subscription renews; this one is "
                        + "\(subscription["status"]?.stringValue ?? "unknown").",
                    param: "id"
                )
            }
            try await SubscriptionFlags.setFailNextRenewal(
                true,
                subscription: subscription["id"]?.stringValue ?? "",
                call: call
            )
            return .object(subscription)
        }
    }

    static let cancellationFeedback = [
        "customer_service", "low_quality", "missing_features", "other", "switched_service", "too_complex",
        "too_expensive", "unused",
    ]

    /// `trial_end`: `now` (→ `nil`, no trial) or a unix time in the future, at most 730 days ahead.
    static func trialEnd(_ text: String, now: Int64) throws(StripeError) -> Int64? {
        if text == "now" { return nil }
        guard let time = Int64(text), time > now, time <= now + 730 * 86_400 else {
            throw StripeError.invalidRequest(
                "Invalid timestamp: must be an integer Unix timestamp in the future, at most 730 days ahead, "
                    + "or `now`.",
                param: "trial_end"
            )
        }
        return time
    }

    /// `application_fee_percent`: a decimal from 0 to 100, only on a connected account's subscription.
    static func applicationFeePercent(_ call: Call) throws(StripeError) -> Double? {
        guard let text = call.params.string("application_fee_percent") else { return nil }
        guard let percent = Double(text), percent >= 0, percent <= 100, text.allSatisfy({ $0.isNumber || $0 == "." })
        else {
            throw StripeError.invalidRequest(
                "Invalid decimal: \(text). application_fee_percent must be between 0 and 100.",
                param: "application_fee_percent"
            )
        }
        guard !call.isPlatform else {
            throw StripeError.invalidRequest(
                "Can only apply an application_fee_percent when the request is made on behalf of another account "
                    + "(using an OAuth key or the Stripe-Account header).",
                param: "application_fee_percent"
            )
        }
        return percent
    }

    /// The payment method `id` for `customer`: a stored one (attached to no other customer) or a test token.
    static func paymentMethod(_ id: String, customer: String, call: Call, param: String) async throws -> String {
        let method = try await PaymentMethods.resolve(id, call: call, param: param)
        if let owner = method["customer"]?.stringValue, owner != customer {
            throw StripeError.invalidRequest(
                "The customer does not have a payment method with the ID \(id). The payment method must be "
                    + "attached to the customer.",
                param: param
            )
        }
        return method["id"]?.stringValue ?? id
    }

    /// A recurring, active price for item `index` (`items[i][price]` or `items[i][price_data]`), and the
    /// price to store when it was made from `price_data`.
    static func price(for item: Params, call: Call) async throws -> (price: JSONObject, new: Bool) {
        let price: JSONObject
        var new = false
        if let id = item.string("price") {
            guard !item.has("price_data") else {
                throw StripeError.invalidRequest(
                    "You may only specify one of these parameters: \(item.path("price")), \(item.path("price_data")).",
                    param: item.path("price_data")
                )
            }
            price = try await call.store.require(id, account: call.account, object: "price", param: item.path("price"))
        } else if let data = item.object("price_data") {
            let product = try data.requireString("product")
            _ = try await call.store.require(
                product,
                account: call.account,
                object: "product",
                param: data.path("product")
            )
            var made = try PriceRules.make(call: call, params: data, product: product)
            made["active"] = false
            price = made
            new = true
        } else {
            throw StripeError.missing(item.path("price"))
        }
        guard price["type"] == "recurring" else {
            throw StripeError.invalidRequest(
                "The price specified is set to `type=one_time` but this field only accepts prices with "
                    + "`type=recurring`.",
                param: item.path("price")
            )
        }
        guard new || price["active"] == true else {
            throw StripeError.invalidRequest(
                "The price specified is inactive. This field only accepts active prices.",
                param: item.path("price")
            )
        }
        return (price, new)
    }

    /// Checks that every price shares one currency and one billing interval.
    static func checkCompatible(_ prices: [JSONObject], currency: String?, param: String) throws(StripeError) {
        guard let first = prices.first else { return }
        for price in prices.dropFirst() {
            guard price["currency"] == first["currency"] else {
                throw StripeError.invalidRequest(
                    "All prices on a subscription must have the same `currency`.",
                    param: param
                )
            }
            guard price["recurring"]?["interval"] == first["recurring"]?["interval"],
                price["recurring"]?["interval_count"] == first["recurring"]?["interval_count"]
            else {
                throw StripeError.invalidRequest(
                    "Currency and interval fields must match across all plans on this subscription. Found mismatch "
                        + "in interval field.",
                    param: param
                )
            }
        }
        if let currency, first["currency"]?.stringValue != currency {
            throw StripeError.invalidRequest(
                "The currency \(currency) does not match the prices' currency "
                    + "\(first["currency"]?.stringValue ?? "").",
                param: "currency"
            )
        }
    }
}
