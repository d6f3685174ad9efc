import StripeSandboxCore

/// Building and reading prices (`price_…`), shared by the price routes, `default_price_data` of products and
/// subscriptions.
enum PriceRules {
    /// The parameters of `recurring`.
    static let recurringParams: [Param] = [
        Param("interval", .enumeration(BillingPeriods.intervals), required: true),
        Param("interval_count", .integer(min: 1, max: 1095)),
        Param("trial_period_days", .integer(min: 0, max: 730)),
        Param("usage_type", .enumeration(["licensed"])),
    ]

    /// The pricing parameters shared by `POST /v1/prices` and `default_price_data`.
    static let pricingParams: [Param] = [
        Param("currency", .currency, required: true),
        Param("unit_amount", .integer(min: 0, max: 99_999_999)),
        Param("unit_amount_decimal", .string(maxLength: 30)),
        Param("recurring", .object(recurringParams)),
        Param("tax_behavior", .enumeration(["exclusive", "inclusive", "unspecified"])),
        Param("metadata", .metadata),
    ]

    /// A new price of `product` from `params` (not stored).
    static func make(call: Call, params: Params, product: String) throws(StripeError) -> JSONObject {
        var price = Templates.make("price")
        let currency = try params.requireString("currency")
        let amount = try unitAmount(params)
        price["active"] = .bool(params.bool("active") ?? true)
        price["billing_scheme"] = "per_unit"
        price["created"] = .int(call.now)
        price["currency"] = .string(currency)
        price["custom_unit_amount"] = nil
        price["id"] = .string(IDs.make("price"))
        price["lookup_key"] = .string(params.string("lookup_key"))
        params.applyMetadata(to: &price)
        price["nickname"] = .string(params.string("nickname"))
        price["product"] = .string(product)
        if let recurring = params.object("recurring") {
            let interval = try recurring.requireString("interval")
            let count = recurring.int("interval_count") ?? 1
            guard count <= BillingPeriods.maxCount(interval) else {
                throw StripeError.invalidRequest(
                    "Invalid \(recurring.path("interval_count")): the maximum interval allowed is three years "
                        + "(3 years, 36 months, 156 weeks or 1095 days).",
                    param: recurring.path("interval_count")
                )
            }
            price["recurring"] = [
                "interval": .string(interval), "interval_count": .int(count), "meter": nil, "usage_type": "licensed",
                "trial_period_days": .int(recurring.int("trial_period_days")),
            ]
            price["type"] = "recurring"
        } else {
            price["recurring"] = nil
            price["type"] = "one_time"
        }
        price["tax_behavior"] = .string(params.string("tax_behavior") ?? "unspecified")
        price["tiers_mode"] = nil
        price["transform_quantity"] = nil
        price["unit_amount"] = .int(amount.integer)
        price["unit_amount_decimal"] = .string(amount.decimal)
        return price
    }

    /// `unit_amount` or `unit_amount_decimal` (exactly one): the integer amount (`nil` for a fractional
    /// decimal) and the decimal text.
    static func unitAmount(_ params: Params) throws(StripeError) -> (integer: Int64?, decimal: String) {
        if params.has("unit_amount") && params.has("unit_amount_decimal") {
            throw StripeError.invalidRequest(
                "You may only specify one of these parameters: \(params.path("unit_amount")), "
                    + "\(params.path("unit_amount_decimal")).",
                param: params.path("unit_amount_decimal")
            )
        }
        if let amount = params.int("unit_amount") { return (amount, String(amount)) }
        guard let text = params.string("unit_amount_decimal") else {
            throw StripeError.missing(params.path("unit_amount"))
        }
        guard let decimal = normalizedDecimal(text) else {
            throw StripeError.invalidRequest(
                "Invalid decimal: \(text). \(params.path("unit_amount_decimal")) must be a non-negative decimal "
                    + "with at most 12 decimal places.",
                param: params.path("unit_amount_decimal")
            )
        }
        let parts = decimal.split(separator: ".")
        let integer = parts.count == 1 ? Int64(decimal) : nil
        return (integer, decimal)
    }

    /// `"1500.50"` style text without superfluous zeros, or `nil` when it is not a decimal Stripe accepts.
    static func normalizedDecimal(_ text: String) -> String? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.count <= 12,
            whole.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        var wholeText = String(whole.drop { $0 == "0" })
        if wholeText.isEmpty { wholeText = "0" }
        // Stripe amounts have at most 8 integer digits (99,999,999 minor units).
        guard wholeText.count <= 8 else { return nil }
        guard parts.count == 2 else { return wholeText }
        let fraction = parts[1]
        guard !fraction.isEmpty, fraction.count <= 12, fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return nil
        }
        var trimmed = String(fraction)
        while trimmed.hasSuffix("0") { trimmed.removeLast() }
        return trimmed.isEmpty ? wholeText : "\(wholeText).\(trimmed)"
    }

    /// The amount of `quantity` units of `price` in minor units (a fractional unit amount rounded half up).
    /// Saturates at `Int64.max` instead of trapping; ``checkedTotal(_:)`` refuses such totals.
    static func amount(of price: JSONObject, quantity: Int64) -> Int64 {
        if let unit = price["unit_amount"]?.intValue { return multiplied(unit, quantity) }
        let text = price["unit_amount_decimal"]?.stringValue ?? "0"
        let parts = text.split(separator: ".")
        let whole = Int64(parts.first ?? "0") ?? 0
        guard parts.count == 2 else { return multiplied(whole, quantity) }
        // A fraction of at most 12 digits of a whole of at most 8: exact in Decimal arithmetic on Int64 parts.
        let digits = String(parts[1].prefix(12))
        var power: Int64 = 1
        for _ in 0..<digits.count { power *= 10 }
        let fraction = Int64(digits) ?? 0
        let wholePart = multiplied(whole, quantity)
        let (fractionTotal, overflow) = fraction.multipliedReportingOverflow(by: quantity)
        guard !overflow else { return .max }
        let extra = fractionTotal / power + (fractionTotal % power >= power / 2 ? 1 : 0)
        let (total, sumOverflow) = wholePart.addingReportingOverflow(extra)
        return sumOverflow ? .max : total
    }

    private static func multiplied(_ a: Int64, _ b: Int64) -> Int64 {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? .max : product
    }

    /// The largest amount Stripe charges (99,999,999 minor units).
    static let maxAmount: Int64 = 99_999_999

    /// `total` when Stripe could charge it, else a 400 `amount_too_large`.
    static func checkedTotal(_ total: Int64) throws(StripeError) -> Int64 {
        guard total <= maxAmount else {
            throw StripeError.invalidRequest(
                "The invoice total must be no more than 99,999,999 (in the currency's minor unit); "
                    + "lower the quantity or the price.",
                code: "amount_too_large"
            )
        }
        return total
    }

    /// The plan (`plan`) Stripe still shows beside a subscription item's price.
    static func plan(from price: JSONObject) -> JSONObject {
        var plan = Templates.make("plan")
        plan["active"] = price["active"] ?? true
        plan["amount"] = price["unit_amount"]
        plan["amount_decimal"] = price["unit_amount_decimal"]
        plan["billing_scheme"] = "per_unit"
        plan["created"] = price["created"]
        plan["currency"] = price["currency"]
        plan["id"] = price["id"]
        plan["interval"] = price["recurring"]?["interval"]
        plan["interval_count"] = price["recurring"]?["interval_count"]
        plan["metadata"] = price["metadata"] ?? [:]
        plan["meter"] = nil
        plan["nickname"] = price["nickname"]
        plan["product"] = price["product"]
        plan["tiers_mode"] = nil
        plan["transform_usage"] = nil
        plan["trial_period_days"] = price["recurring"]?["trial_period_days"]
        plan["usage_type"] = "licensed"
        return plan
    }

    /// `$20.00`, `€20.00`, `£20.00` or `20.00 RON`: an amount in minor units as Stripe writes it on lines.
    static func format(_ amount: Int64, currency: String) -> String {
        let sign = amount < 0 ? "-" : ""
        let absolute = amount.magnitude
        let cents = absolute % 100
        let text = "\(absolute / 100).\(cents < 10 ? "0" : "")\(cents)"
        switch currency {
        case "usd": return "\(sign)$\(text)"
        case "eur": return "\(sign)€\(text)"
        case "gbp": return "\(sign)£\(text)"
        default: return "\(sign)\(text) \(currency.uppercased())"
        }
    }

    /// `month`, `3 months`: the interval of a recurring price for line descriptions.
    static func intervalText(_ price: JSONObject) -> String {
        let interval = price["recurring"]?["interval"]?.stringValue ?? "month"
        let count = price["recurring"]?["interval_count"]?.intValue ?? 1
        return count == 1 ? interval : "every \(count) \(interval)s"
    }
}
