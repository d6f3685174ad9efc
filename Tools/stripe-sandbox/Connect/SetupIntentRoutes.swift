import StripeSandboxCore

/// `/v1/setup_intents` (`seti_…`): create, retrieve (also with the publishable key and the client secret),
/// update, confirm (also Stripe.js-style), cancel, list. Events
/// `setup_intent.created|requires_action|succeeded|setup_failed|canceled` (+ `payment_method.attached`).
enum SetupIntentRoutes {
    static let cardOptionsParam = ParamType.object([
        Param(
            "card",
            .object([Param("request_three_d_secure", .enumeration(["any", "automatic", "challenge"]))])
        )
    ])

    static let confirmParams: [Param] = [
        Param("payment_method", .string(maxLength: 5000)),
        Param("payment_method_data", .object(PaymentMethodRoutes.dataParams)),
        Param("payment_method_options", cardOptionsParam),
        Param("return_url", .string(maxLength: 5000)),
        Param("use_stripe_sdk", .boolean),
    ]

    static let createSchema = Schema(
        confirmParams + [
            Param(
                "automatic_payment_methods",
                .object([
                    Param("enabled", .boolean, required: true),
                    Param("allow_redirects", .enumeration(["always", "never"])),
                ])
            ),
            Param("confirm", .boolean),
            Param("customer", .string(maxLength: 5000)),
            Param("description", .string(maxLength: 1000)),
            Param("flow_directions", .array(.enumeration(["inbound", "outbound"]), max: 2)),
            Param("metadata", .metadata),
            Param("on_behalf_of", .string(maxLength: 5000)),
            Param("payment_method_types", .array(.string(maxLength: 100), max: 20)),
            Param("usage", .enumeration(["off_session", "on_session"])),
        ]
    )

    static let updateSchema = Schema([
        Param("customer", .string(maxLength: 5000)),
        Param("description", .string(maxLength: 1000)),
        Param("metadata", .metadata),
        Param("payment_method", .string(maxLength: 5000)),
        Param("payment_method_data", .object(PaymentMethodRoutes.dataParams)),
        Param("payment_method_types", .array(.string(maxLength: 100), max: 20)),
    ])

    static let open: Set<String> = ["requires_payment_method", "requires_confirmation", "requires_action"]

    static func register(_ routes: SandboxRoutes) {
        routes.post("/v1/setup_intents", schema: createSchema) { call in
            let params = call.params
            var intent = Templates.make("setup_intent")
            let id = IDs.make("seti")
            intent["application"] = nil
            if let automatic = params.object("automatic_payment_methods") {
                intent["automatic_payment_methods"] = [
                    "allow_redirects": .string(automatic.string("allow_redirects") ?? "always"),
                    "enabled": .bool(automatic.bool("enabled") ?? false),
                ]
            } else {
                intent["automatic_payment_methods"] = nil
            }
            intent["cancellation_reason"] = nil
            intent["client_secret"] = .string(IDs.secret(for: id))
            intent["created"] = .int(call.now)
            intent["customer"] = nil
            if let customer = params.string("customer") {
                _ = try await call.store.require(customer, account: call.account, object: "customer", param: "customer")
                intent["customer"] = .string(customer)
            }
            params.assignString("description", to: &intent)
            intent["flow_directions"] = params.strings("flow_directions").map { .array($0.map(JSON.string)) } ?? nil
            intent["id"] = .string(id)
            intent["last_setup_error"] = nil
            intent["latest_attempt"] = nil
            intent["mandate"] = nil
            params.applyMetadata(to: &intent)
            intent["next_action"] = nil
            intent["on_behalf_of"] = nil
            if let account = params.string("on_behalf_of") {
                _ = try await call.store.require(
                    account,
                    account: call.platformAccount,
                    object: "account",
                    param: "on_behalf_of"
                )
                intent["on_behalf_of"] = .string(account)
            }
            intent["payment_method"] = nil
            intent["payment_method_configuration_details"] = nil
            let secure = params.object("payment_method_options")?.object("card")?.string("request_three_d_secure")
            intent["payment_method_options"] = [
                "card": [
                    "mandate_options": nil, "network": nil, "request_three_d_secure": .string(secure ?? "automatic"),
                ]
            ]
            intent["payment_method_types"] = .array(try methodTypes(params).map(JSON.string))
            intent["single_use_mandate"] = nil
            intent["status"] = "requires_payment_method"
            intent["usage"] = .string(params.string("usage") ?? "off_session")
            intent["excluded_payment_method_types"] = nil
            if let method = try await paymentMethod(params, intent: intent, call: call) {
                intent["payment_method"] = method["id"] ?? .null
                intent["status"] = "requires_confirmation"
            }
            try await call.store.insert(intent, account: call.account)
            try await call.events.record(type: "setup_intent.created", object: intent, account: call.account)
            if params.bool("confirm") == true {
                intent = try await confirm(intent, params: params, call: call)
            }
            return .object(intent)
        }
        routes.get(
            "/v1/setup_intents/{id}",
            schema: Schema([Param("client_secret", .string(maxLength: 5000))]),
            auth: .publishable
        ) { call in
            let intent = try await call.pathObject("setup_intent")
            try checkSecret(intent, call: call)
            return .object(intent)
        }
        routes.post("/v1/setup_intents/{id}", schema: updateSchema) { call in
            let old = try await call.pathObject("setup_intent", forUpdate: true)
            let status = old["status"]?.stringValue ?? ""
            guard open.contains(status) else { throw unexpected("update", status) }
            var intent = old
            let params = call.params
            if let customer = params.string("customer") {
                _ = try await call.store.require(customer, account: call.account, object: "customer", param: "customer")
                intent["customer"] = .string(customer)
            }
            params.assignString("description", to: &intent)
            params.applyMetadata(to: &intent)
            if params.has("payment_method_types") {
                intent["payment_method_types"] = .array(try methodTypes(params).map(JSON.string))
            }
            if let method = try await paymentMethod(params, intent: intent, call: call) {
                intent["payment_method"] = method["id"] ?? .null
                intent["status"] = "requires_confirmation"
                intent["next_action"] = nil
            }
            if ConnectSupport.previous(old, intent) != nil {
                try await call.store.update(intent, account: call.account)
            }
            return .object(intent)
        }
        routes.post(
            "/v1/setup_intents/{id}/confirm",
            schema: Schema(
                confirmParams + PaymentMethodRoutes.browserParams + [Param("client_secret", .string(maxLength: 5000))]
            ),
            auth: .publishable
        ) { call in
            let intent = try await call.pathObject("setup_intent", forUpdate: true)
            try checkSecret(intent, call: call)
            return .object(try await confirm(intent, params: call.params, call: call))
        }
        routes.post(
            "/v1/setup_intents/{id}/cancel",
            schema: Schema([
                Param("cancellation_reason", .enumeration(["abandoned", "duplicate", "requested_by_customer"]))
            ])
        ) { call in
            var intent = try await call.pathObject("setup_intent", forUpdate: true)
            let status = intent["status"]?.stringValue ?? ""
            guard open.contains(status) else { throw unexpected("cancel", status) }
            intent["cancellation_reason"] = .string(call.params.string("cancellation_reason"))
            intent["next_action"] = nil
            intent["status"] = "canceled"
            try await call.store.update(intent, account: call.account)
            try await call.events.record(type: "setup_intent.canceled", object: intent, account: call.account)
            return .object(intent)
        }
        routes.get(
            "/v1/setup_intents",
            schema: .list([
                Param("customer", .string(maxLength: 5000)),
                Param("payment_method", .string(maxLength: 5000)),
                Param("attach_to_self", .boolean),
            ])
        ) { call in
            try await call.store.list(
                object: "setup_intent",
                account: call.account,
                filters: call.params.filters(["customer", "payment_method"]),
                page: call.page,
                url: "/v1/setup_intents"
            )
        }
    }

    // MARK: Confirmation

    /// Confirms a stored setup intent with `params` (`payment_method`, `payment_method_data`, `return_url`):
    /// succeeded (the card attached to the intent's customer), requires_action (3-D Secure cards), or a 402
    /// decline that keeps its effects (status back to requires_payment_method, `last_setup_error`).
    static func confirm(_ stored: JSONObject, params: Params, call: Call) async throws -> JSONObject {
        var intent = stored
        let status = intent["status"]?.stringValue ?? ""
        guard open.contains(status) else { throw unexpected("confirm", status) }
        let method: JSONObject
        if let given = try await paymentMethod(params, intent: intent, call: call) {
            method = given
        } else if let id = intent["payment_method"]?.stringValue {
            method = try await PaymentMethods.stored(id, call: call)
        } else {
            throw StripeError.invalidRequest(
                "You cannot confirm this SetupIntent because it's missing a payment method. Update the SetupIntent with a payment method and then confirm it again.",
                param: "payment_method",
                code: "setup_intent_unexpected_state"
            )
        }
        intent["payment_method"] = method["id"] ?? .null
        intent["last_setup_error"] = nil
        switch TestCards.card(of: method)?.behaviour {
        case .requiresAuthentication?:
            let secret = intent["client_secret"]?.stringValue ?? ""
            let id = intent["id"]?.stringValue ?? ""
            intent["next_action"] = IntentAttempts.redirectAction(
                url: "\(call.publicURL)/sandbox/setup_intents/\(id)/authenticate?client_secret=\(secret)",
                returnURL: params.string("return_url")
            )
            intent["status"] = "requires_action"
            try await call.store.update(intent, account: call.account)
            try await call.events.record(type: "setup_intent.requires_action", object: intent, account: call.account)
            return intent
        case .declines(let code, let declineCode, let message, false)?:
            let error: JSONObject = [
                "code": .string(code),
                "decline_code": .string(declineCode),
                "doc_url": .string(StripeError.docURL(code: code)),
                "message": .string(message),
                "payment_method": .object(method),
                "type": "card_error",
            ]
            try await IntentAttempts.fail(&intent, .setup, error: error, call: call)
            var extra: JSONObject = ["setup_intent": .object(intent)]
            if let declineCode { extra["decline_code"] = .string(declineCode) }
            extra["payment_method"] = .object(method)
            throw StripeError(status: 402, type: "card_error", code: code, message: message, extra: extra, commit: true)
        default:
            return try await succeed(intent, method: method, call: call)
        }
    }

    /// Marks the intent succeeded and attaches its card to its customer.
    static func succeed(_ stored: JSONObject, method: JSONObject, call: Call) async throws -> JSONObject {
        var intent = stored
        if let customer = intent["customer"]?.stringValue, method["customer"]?.stringValue == nil {
            let attached = try await PaymentMethodRoutes.attach(
                method,
                to: customer,
                call: call,
                param: "payment_method"
            )
            try await call.events.record(type: "payment_method.attached", object: attached, account: call.account)
        }
        intent["next_action"] = nil
        intent["last_setup_error"] = nil
        intent["status"] = "succeeded"
        try await call.store.update(intent, account: call.account)
        try await call.events.record(type: "setup_intent.succeeded", object: intent, account: call.account)
        return intent
    }

    /// The payment method `params` name (`payment_method`, or a new one from `payment_method_data`), checked
    /// against the intent's customer; `nil` when neither is given.
    private static func paymentMethod(_ params: Params, intent: JSONObject, call: Call) async throws -> JSONObject? {
        let method: JSONObject
        if let data = params.object("payment_method_data") {
            method = try await PaymentMethodRoutes.create(from: data, call: call)
        } else if let id = params.string("payment_method") {
            method = try await PaymentMethods.resolve(id, call: call, param: "payment_method")
        } else {
            return nil
        }
        if let owner = method["customer"]?.stringValue, intent["customer"]?.stringValue != owner {
            throw StripeError.invalidRequest(
                intent["customer"]?.stringValue == nil
                    ? "The provided PaymentMethod is attached to a Customer; set `customer` to that Customer (\(owner)) to use it."
                    : "The payment method you provided has already been attached to a customer.",
                param: "payment_method"
            )
        }
        return method
    }

    private static func methodTypes(_ params: Params) throws -> [String] {
        let types = params.strings("payment_method_types") ?? ["card"]
        for (index, type) in types.enumerated() where type != "card" {
            throw StripeError.invalidRequest(
                "The payment method type \"\(type)\" is invalid. The sandbox supports only \"card\".",
                param: "payment_method_types[\(index)]"
            )
        }
        return types.isEmpty ? ["card"] : types
    }

    /// With the publishable key, the client secret must be given and match.
    private static func checkSecret(_ intent: JSONObject, call: Call) throws {
        guard call.publishable else { return }
        guard let given = call.params.string("client_secret") else { throw StripeError.missing("client_secret") }
        guard intent["client_secret"] == .string(given) else {
            throw StripeError.invalidRequest(
                "The client_secret provided does not match the client_secret associated with the SetupIntent.",
                param: "client_secret"
            )
        }
    }

    private static func unexpected(_ verb: String, _ status: String) -> StripeError {
        StripeError.invalidRequest(
            "You cannot \(verb) this SetupIntent because it has a status of \(status).",
            code: "setup_intent_unexpected_state"
        )
    }
}
