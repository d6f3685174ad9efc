import StripeSandboxCore

/// `/v1/payment_methods` (cards only, from Stripe's test numbers and tokens): create (also with the
/// publishable key, as Stripe.js does), retrieve (test ids such as `pm_card_visa` are materialised),
/// update, attach, detach, list; `/v1/customers/{id}/payment_methods`. Events
/// `payment_method.attached|detached|updated`.
enum PaymentMethodRoutes {
    static let cardParam = ParamType.object([
        Param("number", .string(maxLength: 30)),
        Param("exp_month", .integer(min: 1, max: 12)),
        Param("exp_year", .integer(min: 0, max: 9999)),
        Param("cvc", .string(maxLength: 10)),
        Param("token", .string(maxLength: 200)),
    ])

    static let billingDetailsParam = ParamType.object([
        Param("address", .object(ConnectSupport.addressParams)),
        Param("email", .string(maxLength: 800)),
        Param("name", .string(maxLength: 5000)),
        Param("phone", .string(maxLength: 5000)),
    ])

    /// What `POST /v1/payment_methods` and `payment_method_data` accept.
    static let dataParams: [Param] = [
        Param("type", .enumeration(["card"]), required: true),
        Param("card", cardParam),
        Param("billing_details", billingDetailsParam),
        Param("metadata", .metadata),
        Param("allow_redisplay", .enumeration(["always", "limited", "unspecified"])),
    ]

    /// Fields Stripe.js adds to its requests (accepted and ignored).
    static let browserParams: [Param] =
        ["guid", "muid", "sid", "payment_user_agent", "referrer"].map {
            Param($0, .string(maxLength: 5000))
        } + [Param("time_on_page", .integer(min: 0))]

    static func register(_ routes: SandboxRoutes) {
        routes.post("/v1/payment_methods", schema: Schema(dataParams + browserParams), auth: .publishable) { call in
            .object(try await create(from: call.params, call: call))
        }
        routes.get("/v1/payment_methods/{id}") { call in
            .object(try await PaymentMethods.resolve(call.path("id"), call: call, param: "id"))
        }
        routes.post(
            "/v1/payment_methods/{id}",
            schema: Schema([
                Param("billing_details", billingDetailsParam),
                Param("card", .object([Param("exp_month", .integer(min: 1, max: 12)), Param("exp_year", .integer)])),
                Param("metadata", .metadata),
                Param("allow_redisplay", .enumeration(["always", "limited", "unspecified"])),
            ])
        ) { call in
            let id = call.path("id")
            let old = try await call.store.require(id, account: call.account, object: "payment_method", forUpdate: true)
            guard old["customer"]?.stringValue != nil else {
                throw StripeError.invalidRequest(
                    "You must save this PaymentMethod to a customer before you can update it.",
                    code: "payment_method_unexpected_state"
                )
            }
            var method = old
            if let details = call.params.object("billing_details") { applyBillingDetails(details, to: &method) }
            call.params.applyMetadata(to: &method)
            if let redisplay = call.params.string("allow_redisplay") { method["allow_redisplay"] = .string(redisplay) }
            if let card = call.params.object("card") {
                var object = method["card"]?.objectValue ?? JSONObject()
                card.assignInt("exp_month", to: &object)
                if let year = card.int("exp_year") { object["exp_year"] = .int(year < 100 ? 2000 + year : year) }
                method["card"] = .object(object)
            }
            if let previous = ConnectSupport.previous(old, method) {
                try await call.store.update(method, account: call.account)
                try await call.events.record(
                    type: "payment_method.updated",
                    object: method,
                    account: call.account,
                    previous: previous
                )
            }
            return .object(method)
        }
        routes.post(
            "/v1/payment_methods/{id}/attach",
            schema: Schema([Param("customer", .string(maxLength: 5000), required: true)])
        ) { call in
            let customer = try call.params.requireString("customer")
            _ = try await call.store.require(customer, account: call.account, object: "customer", param: "customer")
            let method = try await PaymentMethods.resolve(call.path("id"), call: call, param: "id")
            if method["customer"] == .string(customer) { return .object(method) }
            let attached = try await attach(method, to: customer, call: call, param: "customer")
            try await call.events.record(type: "payment_method.attached", object: attached, account: call.account)
            return .object(attached)
        }
        routes.post("/v1/payment_methods/{id}/detach") { call in
            let id = call.path("id")
            var method = try await call.store.require(
                id,
                account: call.account,
                object: "payment_method",
                forUpdate: true
            )
            guard let customerID = method["customer"]?.stringValue else {
                throw StripeError.invalidRequest(
                    "The payment method you provided is not attached to a customer so detachment is impossible.",
                    code: "payment_method_unexpected_state"
                )
            }
            method["customer"] = nil
            try await call.store.update(method, account: call.account)
            if let old = try await call.store.lock(customerID, account: call.account, object: "customer"),
                old["invoice_settings"]?["default_payment_method"] == .string(id)
            {
                var customer = old
                customer["invoice_settings"]?["default_payment_method"] = nil
                try await call.store.update(customer, account: call.account)
                if let previous = ConnectSupport.previous(old, customer) {
                    try await call.events.record(
                        type: "customer.updated",
                        object: customer,
                        account: call.account,
                        previous: previous
                    )
                }
            }
            try await call.events.record(
                type: "payment_method.detached",
                object: method,
                account: call.account,
                previous: ["customer": .string(customerID)]
            )
            return .object(method)
        }
        routes.get(
            "/v1/payment_methods",
            schema: .list([Param("customer", .string(maxLength: 5000)), Param("type", .enumeration(["card"]))])
        ) { call in
            if let customer = call.params.string("customer") {
                _ = try await call.store.require(customer, account: call.account, object: "customer", param: "customer")
            }
            let filters = call.params.filters(["customer", "type"])
            return try await call.store.list(
                object: "payment_method",
                account: call.account,
                filters: filters,
                page: call.page,
                url: "/v1/payment_methods"
            )
        }
        routes.get(
            "/v1/customers/{id}/payment_methods",
            schema: .list([
                Param("type", .enumeration(["card"])),
                Param("allow_redisplay", .enumeration(["always", "limited", "unspecified"])),
            ])
        ) { call in
            let customer = call.path("id")
            _ = try await call.store.require(customer, account: call.account, object: "customer")
            var filters = call.params.filters(["type", "allow_redisplay"])
            filters["customer"] = customer
            return try await call.store.list(
                object: "payment_method",
                account: call.account,
                filters: filters,
                page: call.page,
                url: "/v1/customers/\(customer)/payment_methods"
            )
        }
        routes.get("/v1/customers/{customer}/payment_methods/{id}") { call in
            let customer = call.path("customer")
            _ = try await call.store.require(customer, account: call.account, object: "customer", param: "customer")
            let method = try await call.pathObject("payment_method")
            guard method["customer"] == .string(customer) else {
                throw StripeError.resourceMissing("payment_method", call.path("id"))
            }
            return .object(method)
        }
    }

    // MARK: Shared with customers and setup intents

    /// Creates a card payment method from `type`/`card`/`billing_details`/`metadata` parameters (those of
    /// `POST /v1/payment_methods`, or a `payment_method_data` object whose path is `prefix`).
    static func create(from params: Params, call: Call) async throws -> JSONObject {
        let card = try testCard(params, now: call.now)
        var method = try await PaymentMethods.create(
            card: card,
            call: call,
            billingDetails: params.object("billing_details"),
            metadata: params
        )
        var changed = false
        if let given = params.object("card"), given.string("token") == nil {
            var object = method["card"]?.objectValue ?? JSONObject()
            if let month = given.int("exp_month") { object["exp_month"] = .int(month) }
            if let year = given.int("exp_year") { object["exp_year"] = .int(year < 100 ? 2000 + year : year) }
            if given.string("cvc") == nil {
                object["checks"]?["cvc_check"] = nil
            }
            method["card"] = .object(object)
            changed = true
        }
        if let redisplay = params.string("allow_redisplay") {
            method["allow_redisplay"] = .string(redisplay)
            changed = true
        }
        if changed { try await call.store.update(method, account: call.account) }
        return method
    }

    /// The Stripe test card `params` describe (`card[token]` or `card[number]` with a valid expiry).
    ///
    /// - Throws: 402 `incorrect_number` for a number that is not a Stripe test card, `invalid_expiry_year`,
    ///   `invalid_expiry_month`, `invalid_cvc`; 400 for a missing card or an unknown token.
    static func testCard(_ params: Params, now: Int64) throws -> TestCard {
        guard let card = params.object("card") else { throw StripeError.missing(params.path("card")) }
        if let token = card.string("token") {
            guard let found = TestCards.card(token: token) else {
                throw StripeError.invalidRequest(
                    "No such token: '\(token)'",
                    param: card.path("token"),
                    code: "resource_missing"
                )
            }
            return found
        }
        let number = try card.requireString("number")
        guard let found = TestCards.card(number: number) else {
            throw cardError("incorrect_number", "Your card number is incorrect.", param: card.path("number"))
        }
        let month = try card.requireInt("exp_month")
        var year = try card.requireInt("exp_year")
        if year < 100 { year += 2000 }
        let (currentYear, currentMonth) = yearMonth(now)
        if year < currentYear || year > currentYear + 50 {
            throw cardError(
                "invalid_expiry_year",
                "Your card's expiration year is invalid.",
                param: card.path("exp_year")
            )
        }
        if year == currentYear && month < currentMonth {
            throw cardError(
                "invalid_expiry_month",
                "Your card's expiration month is invalid.",
                param: card.path("exp_month")
            )
        }
        if let cvc = card.string("cvc"), !(3...4).contains(cvc.count) || !cvc.allSatisfy(\.isNumber) {
            throw cardError("invalid_cvc", "Your card's security code is invalid.", param: card.path("cvc"))
        }
        return found
    }

    /// Attaches `method` to `customer` (which the caller checked exists) and stores it; no event.
    ///
    /// - Throws: 402 `card_error` for cards that decline even when saved (`pm_card_chargeDeclined`…), 400
    ///   when it belongs to another customer.
    static func attach(_ method: JSONObject, to customer: String, call: Call, param: String) async throws -> JSONObject
    {
        if method["customer"] == .string(customer) { return method }
        if method["customer"]?.stringValue != nil {
            throw StripeError.invalidRequest(
                "The payment method you provided has already been attached to a customer.",
                param: param,
                code: "payment_method_unexpected_state"
            )
        }
        if case .declines(let code, let declineCode, let message, false)? = TestCards.card(of: method)?.behaviour {
            var extra = JSONObject()
            if let declineCode { extra["decline_code"] = .string(declineCode) }
            throw StripeError(status: 402, type: "card_error", code: code, message: message, extra: extra)
        }
        var attached = method
        attached["customer"] = .string(customer)
        try await call.store.update(attached, account: call.account)
        return attached
    }

    static func applyBillingDetails(_ details: Params, to method: inout JSONObject) {
        var object = method["billing_details"]?.objectValue ?? JSONObject()
        for key in ["email", "name", "phone"] { details.assignString(key, to: &object) }
        if let address = details.object("address") {
            var postal = object["address"]?.objectValue ?? JSONObject()
            for key in ["city", "country", "line1", "line2", "postal_code", "state"] {
                address.assignString(key, to: &postal)
            }
            object["address"] = .object(postal)
        }
        method["billing_details"] = .object(object)
    }

    private static func cardError(_ code: String, _ message: String, param: String) -> StripeError {
        StripeError(status: 402, type: "card_error", code: code, message: message, param: param)
    }

    /// The UTC year and month of a unix time.
    static func yearMonth(_ time: Int64) -> (Int64, Int64) {
        // Howard Hinnant's civil-from-days.
        let days = (time >= 0 ? time : time - 86_399) / 86_400 + 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month)
    }
}
