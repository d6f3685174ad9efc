import StripeSandboxCore

/// `/v1/payment_intents`: create, retrieve (also Stripe.js-style with the publishable key and the client
/// secret), update, confirm, capture, cancel, list.
enum PaymentIntents {
    static let address: ParamType = .object(
        ["city", "country", "line1", "line2", "postal_code", "state"].map { Param($0, .string(maxLength: 5000)) }
    )
    static let shipping: ParamType = .object([
        Param("address", address), Param("carrier", .string), Param("name", .string), Param("phone", .string),
        Param("tracking_number", .string),
    ])
    static let paymentMethodData: ParamType = .object([
        Param("type", .enumeration(["card"]), required: true),
        Param(
            "card",
            .object([
                Param("number", .string(maxLength: 30)), Param("exp_month", .integer(min: 1, max: 12)),
                Param("exp_year", .integer(min: 0, max: 9999)), Param("cvc", .string(maxLength: 4)),
                Param("token", .string(maxLength: 255)),
            ])
        ),
        Param(
            "billing_details",
            .object([
                Param("address", address), Param("email", .string), Param("name", .string), Param("phone", .string),
            ])
        ),
        Param("metadata", .metadata),
    ])
    static let paymentMethodOptions: ParamType = .object([
        Param(
            "card",
            .object([
                Param("request_three_d_secure", .enumeration(["automatic", "any", "challenge"])),
                Param("setup_future_usage", .enumeration(["none", "off_session", "on_session"])),
                Param("capture_method", .enumeration(["manual"])),
            ])
        )
    ])
    static let captureMethods = ["automatic", "automatic_async", "manual"]
    static let confirmable: Set<String> = ["requires_payment_method", "requires_confirmation", "requires_action"]
    static let cancelable: Set<String> = [
        "requires_payment_method", "requires_capture", "requires_confirmation", "requires_action", "processing",
    ]

    static let createSchema = Schema([
        Param("amount", .integer(min: 1, max: 99_999_999), required: true),
        Param("currency", .currency, required: true),
        Param("customer", .string(maxLength: 255)),
        Param("description", .string(maxLength: 1000)),
        Param("metadata", .metadata),
        Param("payment_method", .string(maxLength: 255)),
        Param("payment_method_data", paymentMethodData),
        Param("payment_method_types", .array(.string(maxLength: 100), max: 20)),
        Param("payment_method_options", paymentMethodOptions),
        Param("capture_method", .enumeration(captureMethods)),
        Param("confirmation_method", .enumeration(["automatic", "manual"])),
        Param("confirm", .boolean),
        Param("off_session", .string(maxLength: 20)),
        Param("receipt_email", .string(maxLength: 800)),
        Param("statement_descriptor", .string(maxLength: 22)),
        Param("statement_descriptor_suffix", .string(maxLength: 22)),
        Param("application_fee_amount", .integer(min: 0)),
        Param(
            "transfer_data",
            .object([Param("destination", .string(maxLength: 255), required: true), Param("amount", .integer(min: 0))])
        ),
        Param("on_behalf_of", .string(maxLength: 255)),
        Param("setup_future_usage", .enumeration(["off_session", "on_session"])),
        Param("return_url", .string(maxLength: 2048)),
        Param(
            "automatic_payment_methods",
            .object([
                Param("enabled", .boolean, required: true),
                Param("allow_redirects", .enumeration(["always", "never"])),
            ])
        ),
        Param("transfer_group", .string(maxLength: 255)),
        Param("shipping", shipping),
        Param("use_stripe_sdk", .boolean),
        Param("error_on_requires_action", .boolean),
    ])

    static func register(_ routes: SandboxRoutes) {
        routes.post("/v1/payment_intents", schema: createSchema) { call in .object(try await create(call)) }
        routes.get(
            "/v1/payment_intents",
            schema: .list([Param("customer", .string(maxLength: 255))])
        ) { call in
            try await call.store.list(
                object: "payment_intent",
                account: call.account,
                filters: call.params.filters(["customer"]),
                page: call.page,
                url: "/v1/payment_intents"
            )
        }
        routes.get(
            "/v1/payment_intents/{id}",
            schema: Schema([Param("client_secret", .string(maxLength: 500))]),
            auth: .publishable
        ) { call in
            .object(try await load(call, forUpdate: false))
        }
        routes.post(
            "/v1/payment_intents/{id}",
            schema: Schema([
                Param("amount", .integer(min: 1, max: 99_999_999)),
                Param("currency", .currency),
                Param("customer", .string(maxLength: 255)),
                Param("description", .string(maxLength: 1000)),
                Param("metadata", .metadata),
                Param("payment_method", .string(maxLength: 255)),
                Param("payment_method_types", .array(.string(maxLength: 100), max: 20)),
                Param("receipt_email", .string(maxLength: 800)),
                Param("application_fee_amount", .integer(min: 0)),
                Param("capture_method", .enumeration(captureMethods)),
                Param("setup_future_usage", .enumeration(["off_session", "on_session"])),
                Param("shipping", shipping),
                Param("statement_descriptor", .string(maxLength: 22)),
                Param("statement_descriptor_suffix", .string(maxLength: 22)),
                Param("transfer_group", .string(maxLength: 255)),
                Param("transfer_data", .object([Param("amount", .integer(min: 0))])),
            ])
        ) { call in .object(try await update(call)) }
        routes.post(
            "/v1/payment_intents/{id}/confirm",
            schema: Schema([
                Param("client_secret", .string(maxLength: 500)),
                Param("payment_method", .string(maxLength: 255)),
                Param("payment_method_data", paymentMethodData),
                Param("payment_method_types", .array(.string(maxLength: 100), max: 20)),
                Param("payment_method_options", paymentMethodOptions),
                Param("return_url", .string(maxLength: 2048)),
                Param("off_session", .string(maxLength: 20)),
                Param("receipt_email", .string(maxLength: 800)),
                Param("setup_future_usage", .enumeration(["off_session", "on_session"])),
                Param("capture_method", .enumeration(captureMethods)),
                Param("shipping", shipping),
                Param("use_stripe_sdk", .boolean),
                Param("error_on_requires_action", .boolean),
            ]),
            auth: .publishable
        ) { call in .object(try await confirmRoute(call)) }
        routes.post(
            "/v1/payment_intents/{id}/capture",
            schema: Schema([
                Param("amount_to_capture", .integer(min: 1)),
                Param("application_fee_amount", .integer(min: 0)),
                Param("metadata", .metadata),
                Param("statement_descriptor", .string(maxLength: 22)),
                Param("statement_descriptor_suffix", .string(maxLength: 22)),
                Param("final_capture", .boolean),
            ])
        ) { call in .object(try await capture(call)) }
        routes.post(
            "/v1/payment_intents/{id}/cancel",
            schema: Schema([
                Param(
                    "cancellation_reason",
                    .enumeration(["duplicate", "fraudulent", "requested_by_customer", "abandoned"])
                )
            ])
        ) { call in .object(try await cancel(call)) }
    }

    // MARK: - Create

    static func create(_ call: Call) async throws -> JSONObject {
        let params = call.params
        let amount = try params.requireInt("amount")
        var intent = Payments.newIntent(call: call, amount: amount, currency: try params.requireString("currency"))
        if let customer = params.string("customer") {
            _ = try await call.store.require(customer, account: call.account, object: "customer", param: "customer")
            intent["customer"] = .string(customer)
        }
        params.assignString("description", to: &intent)
        params.applyMetadata(to: &intent)
        if let types = params.strings("payment_method_types") {
            try checkTypes(types)
            if params.object("automatic_payment_methods")?.bool("enabled") == true {
                throw StripeError.invalidRequest(
                    "You may only specify one of these parameters: automatic_payment_methods, payment_method_types.",
                    param: "automatic_payment_methods"
                )
            }
        }
        if let automatic = params.object("automatic_payment_methods"), automatic.bool("enabled") == true {
            intent["automatic_payment_methods"] = [
                "allow_redirects": .string(automatic.string("allow_redirects") ?? "always"), "enabled": true,
            ]
        }
        if let method = params.string("capture_method") { intent["capture_method"] = .string(method) }
        if let method = params.string("confirmation_method") { intent["confirmation_method"] = .string(method) }
        params.assignString("receipt_email", to: &intent)
        params.assignString("statement_descriptor", to: &intent)
        params.assignString("statement_descriptor_suffix", to: &intent)
        params.assignString("setup_future_usage", to: &intent)
        params.assignString("transfer_group", to: &intent)
        if let shipping = params.json("shipping"), !shipping.isNull { intent["shipping"] = shipping }
        if let options = params.object("payment_method_options")?.object("card"),
            let secure = options.string("request_three_d_secure")
        {
            var card = intent["payment_method_options"]?["card"]?.objectValue ?? [:]
            card["request_three_d_secure"] = .string(secure)
            intent["payment_method_options"] = ["card": .object(card)]
        }
        // Connect: destination charges and on_behalf_of belong to the platform.
        if let transfer = params.object("transfer_data") {
            let destination = try transfer.requireString("destination")
            try await requireConnected(call, destination, param: "transfer_data[destination]")
            var data: JSONObject = ["destination": .string(destination)]
            if let fixed = transfer.int("amount") {
                guard fixed <= amount else {
                    throw StripeError.invalidRequest(
                        "The transfer amount must be less than or equal to the payment amount.",
                        param: "transfer_data[amount]"
                    )
                }
                data = ["amount": .int(fixed), "destination": .string(destination)]
            }
            intent["transfer_data"] = .object(data)
        }
        if let onBehalfOf = params.string("on_behalf_of") {
            try await requireConnected(call, onBehalfOf, param: "on_behalf_of")
            intent["on_behalf_of"] = .string(onBehalfOf)
        }
        if let fee = params.int("application_fee_amount") {
            try checkFeeAllowed(call, destinationCharge: params.has("transfer_data"))
            try checkFee(fee, amount: amount)
            intent["application_fee_amount"] = .int(fee)
        }
        let confirm = params.bool("confirm") == true
        let offSession = try offSession(params)
        if !confirm {
            for name in ["off_session", "return_url", "error_on_requires_action"] where params.has(name) {
                throw StripeError.invalidRequest(
                    "You can only use `\(name)` when `confirm=true`.",
                    param: name
                )
            }
        }
        var method: JSONObject?
        if params.has("payment_method") || params.has("payment_method_data") {
            method = try await resolveMethod(call, customer: intent["customer"]?.stringValue)
            intent["payment_method"] = .string(method?["id"]?.stringValue)
            intent["status"] = "requires_confirmation"
        }
        if confirm && method == nil { throw missingMethod(intent) }
        try await call.store.insert(intent, account: call.account)
        try await call.events.record(type: "payment_intent.created", object: intent, account: call.account)
        if confirm, let method {
            try await confirmOrDecline(call, intent: &intent, method: method, offSession: offSession)
        }
        return intent
    }

    // MARK: - Retrieve, update

    /// The intent of the path in the caller's account; with the publishable key, only with its client secret.
    static func load(_ call: Call, forUpdate: Bool) async throws -> JSONObject {
        let intent = try await call.pathObject("payment_intent", forUpdate: forUpdate)
        let given = call.params.string("client_secret")
        if call.publishable && given == nil {
            throw StripeError.invalidRequest(
                "You must provide the PaymentIntent's client_secret when using a publishable key.",
                param: "client_secret",
                code: "parameter_missing"
            )
        }
        if let given, given != intent["client_secret"]?.stringValue {
            throw StripeError.invalidRequest(
                "The client_secret provided does not match the client_secret associated with the PaymentIntent.",
                param: "client_secret",
                code: "payment_intent_invalid_parameter"
            )
        }
        return intent
    }

    static func update(_ call: Call) async throws -> JSONObject {
        let params = call.params
        var intent = try await load(call, forUpdate: true)
        let status = intent["status"]?.stringValue ?? ""
        let changesPayment = [
            "amount", "currency", "customer", "payment_method", "payment_method_types", "application_fee_amount",
            "capture_method", "setup_future_usage", "transfer_data",
        ]
        .filter { params.has($0) }
        if let first = changesPayment.first, !confirmable.contains(status) {
            throw unexpectedState(
                intent,
                message:
                    "You cannot update `\(first)` on a PaymentIntent with a status of \(status). Only a PaymentIntent with one of the following statuses may be updated: requires_payment_method, requires_confirmation, requires_action."
            )
        }
        if status == "canceled"
            && !params.values.keys.allSatisfy({ ["metadata", "description", "expand"].contains($0) })
        {
            throw unexpectedState(intent, message: "This PaymentIntent has been canceled and cannot be updated.")
        }
        if let amount = params.int("amount") { intent["amount"] = .int(amount) }
        if let currency = params.string("currency") { intent["currency"] = .string(currency) }
        if let customer = params.string("customer") {
            _ = try await call.store.require(customer, account: call.account, object: "customer", param: "customer")
            intent["customer"] = .string(customer)
        } else if params.isUnset("customer") {
            intent["customer"] = nil
        }
        params.assignString("description", to: &intent)
        params.applyMetadata(to: &intent)
        params.assignString("receipt_email", to: &intent)
        params.assignString("statement_descriptor", to: &intent)
        params.assignString("statement_descriptor_suffix", to: &intent)
        params.assignString("setup_future_usage", to: &intent)
        params.assignString("transfer_group", to: &intent)
        if let method = params.string("capture_method") { intent["capture_method"] = .string(method) }
        if let types = params.strings("payment_method_types") { try checkTypes(types) }
        if params.has("shipping") { intent["shipping"] = params.json("shipping") ?? nil }
        if let transfer = params.object("transfer_data"), let fixed = transfer.int("amount") {
            guard var data = intent["transfer_data"]?.objectValue else {
                throw StripeError.invalidRequest(
                    "transfer_data[amount] can only be set on a PaymentIntent with transfer_data[destination].",
                    param: "transfer_data[amount]"
                )
            }
            data["amount"] = .int(fixed)
            intent["transfer_data"] = .object(data)
        }
        if params.has("application_fee_amount") {
            if let fee = params.int("application_fee_amount") {
                try checkFeeAllowed(call, destinationCharge: intent["transfer_data"]?.isNull == false)
                intent["application_fee_amount"] = .int(fee)
            } else {
                intent["application_fee_amount"] = nil
            }
        }
        if let fee = intent["application_fee_amount"]?.intValue {
            try checkFee(fee, amount: intent["amount"]?.intValue ?? 0)
        }
        if params.has("payment_method") {
            if params.string("payment_method") != nil {
                let method = try await resolveMethod(call, customer: intent["customer"]?.stringValue)
                intent["payment_method"] = method["id"] ?? nil
                intent["status"] = "requires_confirmation"
                intent["next_action"] = nil
            } else {
                intent["payment_method"] = nil
                intent["status"] = "requires_payment_method"
            }
        }
        try await call.store.update(intent, account: call.account)
        return intent
    }

    // MARK: - Confirm, capture, cancel

    static func confirmRoute(_ call: Call) async throws -> JSONObject {
        let params = call.params
        var intent = try await load(call, forUpdate: true)
        let status = intent["status"]?.stringValue ?? ""
        guard confirmable.contains(status) else {
            throw unexpectedState(
                intent,
                message:
                    "You cannot confirm this PaymentIntent because it has a status of \(status). Only a PaymentIntent with one of the following statuses may be confirmed: requires_confirmation, requires_action, requires_payment_method."
            )
        }
        let offSession = try offSession(params)
        if let types = params.strings("payment_method_types") { try checkTypes(types) }
        params.assignString("receipt_email", to: &intent)
        params.assignString("setup_future_usage", to: &intent)
        if let method = params.string("capture_method") { intent["capture_method"] = .string(method) }
        if params.has("shipping") { intent["shipping"] = params.json("shipping") ?? nil }
        let method: JSONObject
        if params.has("payment_method") || params.has("payment_method_data") {
            method = try await resolveMethod(call, customer: intent["customer"]?.stringValue)
        } else if let id = intent["payment_method"]?.stringValue {
            method = try await PaymentMethods.stored(id, call: call)
        } else {
            throw missingMethod(intent)
        }
        try await confirmOrDecline(call, intent: &intent, method: method, offSession: offSession)
        return intent
    }

    static func capture(_ call: Call) async throws -> JSONObject {
        let params = call.params
        var intent = try await load(call, forUpdate: true)
        let status = intent["status"]?.stringValue ?? ""
        guard status == "requires_capture" else {
            throw unexpectedState(
                intent,
                message:
                    "This PaymentIntent could not be captured because it has a status of \(status). Only a PaymentIntent with one of the following statuses may be captured: requires_capture."
            )
        }
        let capturable = intent["amount_capturable"]?.intValue ?? 0
        let amount = params.int("amount_to_capture") ?? capturable
        guard amount <= capturable else {
            throw StripeError.invalidRequest(
                "The amount to capture (\(amount)) is greater than the amount capturable (\(capturable)).",
                param: "amount_to_capture",
                code: "amount_too_large"
            )
        }
        if let fee = params.int("application_fee_amount") {
            try checkFeeAllowed(call, destinationCharge: intent["transfer_data"]?.isNull == false)
            try checkFee(fee, amount: amount)
            intent["application_fee_amount"] = .int(fee)
        }
        if let fee = intent["application_fee_amount"]?.intValue, fee > amount {
            throw StripeError.invalidRequest(
                "The application fee (\(fee)) cannot exceed the captured amount (\(amount)).",
                param: "application_fee_amount"
            )
        }
        params.applyMetadata(to: &intent)
        params.assignString("statement_descriptor", to: &intent)
        params.assignString("statement_descriptor_suffix", to: &intent)
        guard let chargeID = intent["latest_charge"]?.stringValue else {
            throw unexpectedState(intent, message: "This PaymentIntent has no charge to capture.")
        }
        var charge = try await call.store.require(chargeID, account: call.account, object: "charge", forUpdate: true)
        charge["amount_captured"] = .int(amount)
        charge["amount_refunded"] = .int((charge["amount"]?.intValue ?? 0) - amount)
        charge["captured"] = true
        try await Payments.settle(
            call: call,
            intent: intent,
            charge: &charge,
            captured: amount,
            applicationFee: intent["application_fee_amount"]?.intValue
        )
        try await call.store.update(charge, account: call.account)
        intent["amount_capturable"] = 0
        intent["amount_received"] = .int(amount)
        intent["status"] = "succeeded"
        try await call.store.update(intent, account: call.account)
        try await call.events.record(type: "charge.captured", object: charge, account: call.account)
        try await call.events.record(type: "payment_intent.succeeded", object: intent, account: call.account)
        if let methodID = charge["payment_method"]?.stringValue,
            let method = try await call.store.find(methodID, account: call.account, object: "payment_method")
        {
            try await Payments.disputeIfNeeded(call: call, charge: &charge, method: method)
        }
        return intent
    }

    static func cancel(_ call: Call) async throws -> JSONObject {
        var intent = try await load(call, forUpdate: true)
        let status = intent["status"]?.stringValue ?? ""
        guard cancelable.contains(status) else {
            throw unexpectedState(
                intent,
                message:
                    "You cannot cancel this PaymentIntent because it has a status of \(status). Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing."
            )
        }
        if status == "requires_capture", let chargeID = intent["latest_charge"]?.stringValue,
            var charge = try await call.store.lock(chargeID, account: call.account, object: "charge")
        {
            // The authorisation is released: Stripe shows it as refunded.
            let previous: JSONObject = ["amount_refunded": charge["amount_refunded"] ?? 0, "refunded": false]
            charge["amount_refunded"] = charge["amount"] ?? 0
            charge["refunded"] = true
            try await call.store.update(charge, account: call.account)
            try await call.events.record(
                type: "charge.refunded",
                object: charge,
                account: call.account,
                previous: previous
            )
        }
        intent["amount_capturable"] = 0
        intent["canceled_at"] = .int(call.now)
        intent["cancellation_reason"] = .string(call.params.string("cancellation_reason"))
        intent["next_action"] = nil
        intent["status"] = "canceled"
        try await call.store.update(intent, account: call.account)
        try await call.events.record(type: "payment_intent.canceled", object: intent, account: call.account)
        return intent
    }

    // MARK: - Helpers

    /// Stripe's 400 for an action the intent's status does not allow, with the intent.
    static func unexpectedState(_ intent: JSONObject, message: String) -> StripeError {
        StripeError(
            status: 400,
            type: "invalid_request_error",
            code: "payment_intent_unexpected_state",
            message: message,
            extra: ["payment_intent": .object(intent)]
        )
    }

    static func missingMethod(_ intent: JSONObject) -> StripeError {
        var error = unexpectedState(
            intent,
            message:
                "You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent, specify a payment method (payment_method or payment_method_data)."
        )
        error.param = "payment_method"
        return error
    }

    static func checkTypes(_ types: [String]) throws(StripeError) {
        for (index, type) in types.enumerated() where type != "card" {
            throw StripeError.invalidRequest(
                "The payment method type \"\(type)\" is invalid. Please ensure the provided type is activated in your dashboard (https://dashboard.stripe.com/account/payments/settings) and your account is enabled for any preview features that you are trying to use. The sandbox supports: card.",
                param: "payment_method_types[\(index)]"
            )
        }
    }

    /// An application fee needs a direct charge (a connected account's call) or a destination charge.
    static func checkFeeAllowed(_ call: Call, destinationCharge: Bool) throws(StripeError) {
        guard !call.isPlatform || destinationCharge else {
            throw StripeError.invalidRequest(
                "Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).",
                param: "application_fee_amount"
            )
        }
    }

    /// Confirms `intent` with `method` (`return_url` from the call's params); a decline is thrown as its 402.
    static func confirmOrDecline(
        _ call: Call,
        intent: inout JSONObject,
        method: JSONObject,
        offSession: Bool
    ) async throws {
        if let decline = try await Payments.confirm(
            call: call,
            intent: &intent,
            method: method,
            offSession: offSession,
            returnURL: call.params.string("return_url")
        ) {
            throw decline.error
        }
    }

    static func checkFee(_ fee: Int64, amount: Int64) throws(StripeError) {
        guard fee <= amount else {
            throw StripeError.invalidRequest(
                "The application fee (\(fee)) must be less than or equal to the amount (\(amount)).",
                param: "application_fee_amount"
            )
        }
    }

    /// `off_session`: `true`, `false`, `one_off` or `recurring`.
    static func offSession(_ params: Params) throws(StripeError) -> Bool {
        guard let value = params.string("off_session") else { return false }
        switch value {
        case "true", "one_off", "recurring": return true
        case "false": return false
        default:
            throw StripeError.invalidRequest(
                "Invalid off_session: must be a boolean, one_off, or recurring",
                param: "off_session"
            )
        }
    }

    /// A connected account of the platform (destinations and `on_behalf_of` are the platform's).
    static func requireConnected(_ call: Call, _ id: String, param: String) async throws {
        guard call.isPlatform else {
            throw StripeError.invalidRequest(
                "\(param) can only be used by the platform, not on behalf of a connected account.",
                param: param
            )
        }
        guard id != call.platformAccount,
            try await call.store.find(id, account: call.platformAccount, object: "account") != nil
        else {
            throw StripeError.invalidRequest(
                "No such destination: '\(id)'. The account must be a connected account of the platform.",
                param: param,
                code: "resource_missing"
            )
        }
    }

    /// The payment method of `payment_method` or `payment_method_data` (a new card payment method).
    static func resolveMethod(_ call: Call, customer: String?) async throws -> JSONObject {
        let params = call.params
        if let data = params.object("payment_method_data") {
            return try await methodFromData(call, data)
        }
        guard let id = params.string("payment_method") else { throw StripeError.missing("payment_method") }
        let method = try await PaymentMethods.resolve(id, call: call, param: "payment_method")
        if let owner = method["customer"]?.stringValue, owner != customer {
            throw StripeError.invalidRequest(
                "The provided PaymentMethod belongs to customer \(owner); the PaymentIntent's customer must be the same.",
                param: "payment_method"
            )
        }
        return method
    }

    static func methodFromData(_ call: Call, _ data: Params) async throws -> JSONObject {
        guard let cardParams = data.object("card") else { throw StripeError.missing("payment_method_data[card]") }
        let card: TestCard
        if let token = cardParams.string("token") {
            guard let found = TestCards.card(token: token), token.hasPrefix("tok_") else {
                throw StripeError.resourceMissing("token", token, param: "payment_method_data[card][token]")
            }
            card = found
        } else {
            let number = try cardParams.requireString("number")
            guard let found = TestCards.card(number: number) else {
                throw StripeError(
                    status: 402,
                    type: "card_error",
                    code: "incorrect_number",
                    message: "Your card number is incorrect.",
                    param: "payment_method_data[card][number]"
                )
            }
            card = found
            _ = try cardParams.requireInt("exp_month")
            let year = try cardParams.requireInt("exp_year")
            let currentYear = 1970 + call.now / 31_556_952
            let fullYear = year < 100 ? 2000 + year : year
            guard fullYear >= currentYear else {
                throw StripeError(
                    status: 402,
                    type: "card_error",
                    code: "invalid_expiry_year",
                    message: "Your card's expiration year is invalid.",
                    param: "payment_method_data[card][exp_year]"
                )
            }
        }
        var method = try await PaymentMethods.create(
            card: card,
            call: call,
            billingDetails: data.object("billing_details"),
            metadata: data
        )
        if let month = cardParams.int("exp_month"), let year = cardParams.int("exp_year"),
            var details = method["card"]?.objectValue
        {
            details["exp_month"] = .int(month)
            details["exp_year"] = .int(year < 100 ? 2000 + year : year)
            method["card"] = .object(details)
            try await call.store.update(method, account: call.account)
        }
        return method
    }
}
