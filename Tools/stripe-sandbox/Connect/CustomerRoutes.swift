import StripeSandboxCore

/// `/v1/customers`: create, retrieve, update, delete, list; events `customer.created|updated|deleted`.
enum CustomerRoutes {
    static let shippingParam = ParamType.object([
        Param("address", .object(ConnectSupport.addressParams)),
        Param("name", .string(maxLength: 5000)),
        Param("phone", .string(maxLength: 5000)),
    ])

    static let commonParams: [Param] = [
        Param("address", .object(ConnectSupport.addressParams)),
        Param("balance", .integer),
        Param("description", .string(maxLength: 350)),
        Param("email", .string(maxLength: 512)),
        Param(
            "invoice_settings",
            .object([
                Param("default_payment_method", .string(maxLength: 5000)),
                Param("footer", .string(maxLength: 5000)),
            ])
        ),
        Param("metadata", .metadata),
        Param("name", .string(maxLength: 256)),
        Param("next_invoice_sequence", .integer(min: 1)),
        Param("phone", .string(maxLength: 20)),
        Param("preferred_locales", .array(.string(maxLength: 20), max: 30)),
        Param("shipping", shippingParam),
        Param("tax_exempt", .enumeration(["exempt", "none", "reverse"])),
    ]

    static let createSchema = Schema(
        commonParams + [
            Param("payment_method", .string(maxLength: 5000)),
            Param("test_clock", .string(maxLength: 5000)),
        ]
    )

    static func register(_ routes: SandboxRoutes) {
        routes.post("/v1/customers", schema: createSchema) { call in
            var customer = Templates.make("customer")
            customer["address"] = nil
            customer["balance"] = 0
            customer["created"] = .int(call.now)
            customer["currency"] = nil
            customer["default_source"] = nil
            customer["delinquent"] = false
            customer["discount"] = nil
            customer["id"] = .string(IDs.make("cus", length: 14))
            customer["invoice_prefix"] = .string(IDs.random(8).uppercased())
            customer["invoice_settings"] = [
                "custom_fields": nil, "default_payment_method": nil, "footer": nil, "rendering_options": nil,
            ]
            customer["next_invoice_sequence"] = 1
            customer["preferred_locales"] = []
            customer["shipping"] = nil
            customer["tax_exempt"] = "none"
            customer["test_clock"] = nil
            if let clock = call.params.string("test_clock") {
                _ = try await call.store.require(
                    clock,
                    account: call.account,
                    object: "test_helpers.test_clock",
                    param: "test_clock"
                )
                customer["test_clock"] = .string(clock)
            }
            try apply(call.params, to: &customer)
            let id = customer["id"]?.stringValue ?? ""
            var attached: [JSONObject] = []
            if let method = call.params.string("payment_method") {
                let resolved = try await PaymentMethods.resolve(method, call: call, param: "payment_method")
                attached.append(
                    try await PaymentMethodRoutes.attach(resolved, to: id, call: call, param: "payment_method")
                )
            }
            if let settings = call.params.object("invoice_settings"),
                let wanted = settings.string("default_payment_method")
            {
                let chosen: String
                if wanted == call.params.string("payment_method"), let first = attached.first?["id"]?.stringValue {
                    chosen = first
                } else {
                    var method = try await defaultPaymentMethod(wanted, customer: id, call: call)
                    if method["customer"] == .null {
                        method = try await PaymentMethodRoutes.attach(
                            method,
                            to: id,
                            call: call,
                            param: "invoice_settings[default_payment_method]"
                        )
                        attached.append(method)
                    }
                    chosen = method["id"]?.stringValue ?? wanted
                }
                customer["invoice_settings"]?["default_payment_method"] = .string(chosen)
            }
            try await call.store.insert(customer, account: call.account)
            try await call.events.record(type: "customer.created", object: customer, account: call.account)
            for method in attached {
                try await call.events.record(type: "payment_method.attached", object: method, account: call.account)
            }
            return .object(customer)
        }
        routes.get("/v1/customers/{id}") { call in
            .object(try await call.pathObject("customer"))
        }
        routes.post("/v1/customers/{id}", schema: Schema(commonParams)) { call in
            let id = call.path("id")
            let old = try await call.store.require(id, account: call.account, object: "customer", forUpdate: true)
            var customer = old
            try apply(call.params, to: &customer)
            if let settings = call.params.object("invoice_settings") {
                if settings.isUnset("default_payment_method") {
                    customer["invoice_settings"]?["default_payment_method"] = nil
                } else if let wanted = settings.string("default_payment_method") {
                    let method = try await defaultPaymentMethod(wanted, customer: id, call: call)
                    if method["customer"] == .null {
                        let attached = try await PaymentMethodRoutes.attach(
                            method,
                            to: id,
                            call: call,
                            param: "invoice_settings[default_payment_method]"
                        )
                        try await call.events.record(
                            type: "payment_method.attached",
                            object: attached,
                            account: call.account
                        )
                        customer["invoice_settings"]?["default_payment_method"] = attached["id"] ?? .null
                    } else {
                        customer["invoice_settings"]?["default_payment_method"] = method["id"] ?? .null
                    }
                }
            }
            if let previous = ConnectSupport.previous(old, customer) {
                try await call.store.update(customer, account: call.account)
                try await call.events.record(
                    type: "customer.updated",
                    object: customer,
                    account: call.account,
                    previous: previous
                )
            }
            return .object(customer)
        }
        routes.delete("/v1/customers/{id}") { call in
            let id = call.path("id")
            let customer = try await call.store.require(id, account: call.account, object: "customer", forUpdate: true)
            try await detachAll(customer: id, call: call)
            try await call.store.delete(id, account: call.account)
            try await call.events.record(type: "customer.deleted", object: customer, account: call.account)
            return Templates.deleted("customer", id: id)
        }
        routes.get(
            "/v1/customers",
            schema: .list([Param("email", .string(maxLength: 512)), Param("test_clock", .string(maxLength: 5000))])
        ) { call in
            try await call.store.list(
                object: "customer",
                account: call.account,
                filters: call.params.filters(["email", "test_clock"]),
                page: call.page,
                url: "/v1/customers"
            )
        }
    }

    /// Applies the parameters create and update share (not `invoice_settings[default_payment_method]`).
    static func apply(_ params: Params, to customer: inout JSONObject) throws {
        if let email = params.string("email") { try ConnectSupport.checkEmail(email, param: "email") }
        for key in ["description", "email", "name", "phone"] { params.assignString(key, to: &customer) }
        if params.has("balance") { customer["balance"] = .int(params.int("balance") ?? 0) }
        params.assignInt("next_invoice_sequence", to: &customer)
        if let exempt = params.string("tax_exempt") { customer["tax_exempt"] = .string(exempt) }
        params.applyMetadata(to: &customer)
        if params.isUnset("address") {
            customer["address"] = nil
        } else if let address = params.object("address") {
            customer["address"] = .object(postal(address, old: customer["address"]?.objectValue))
        }
        if params.isUnset("preferred_locales") {
            customer["preferred_locales"] = []
        } else if let locales = params.strings("preferred_locales") {
            customer["preferred_locales"] = .array(locales.map(JSON.string))
        }
        if params.isUnset("shipping") {
            customer["shipping"] = nil
        } else if let shipping = params.object("shipping") {
            var object: JSONObject = customer["shipping"]?.objectValue ?? ["address": nil, "name": nil, "phone": nil]
            if let address = shipping.object("address") {
                object["address"] = .object(postal(address, old: object["address"]?.objectValue))
            }
            shipping.assignString("name", to: &object)
            shipping.assignString("phone", to: &object)
            customer["shipping"] = .object(object)
        }
        if let settings = params.object("invoice_settings") {
            var object = customer["invoice_settings"]?.objectValue ?? JSONObject()
            settings.assignString("footer", to: &object)
            customer["invoice_settings"] = .object(object)
        }
    }

    private static func postal(_ params: Params, old: JSONObject?) -> JSONObject {
        var address: JSONObject =
            old ?? ["city": nil, "country": nil, "line1": nil, "line2": nil, "postal_code": nil, "state": nil]
        for key in ["city", "country", "line1", "line2", "postal_code", "state"] {
            params.assignString(key, to: &address)
        }
        return address
    }

    /// The payment method for `invoice_settings[default_payment_method]`: one attached to `customer`, or a
    /// test token materialised (not yet attached: `customer` null), as Stripe's test mode allows.
    private static func defaultPaymentMethod(_ wanted: String, customer: String, call: Call) async throws -> JSONObject
    {
        let param = "invoice_settings[default_payment_method]"
        if TestCards.card(token: wanted) != nil {
            return try await PaymentMethods.resolve(wanted, call: call, param: param)
        }
        let method = try await call.store.require(wanted, account: call.account, object: "payment_method", param: param)
        guard method["customer"] == .string(customer) else {
            throw StripeError.invalidRequest(
                "The customer does not have a payment method with the ID \(wanted). The payment method must be attached to the customer.",
                param: param
            )
        }
        return method
    }

    /// Detaches every payment method of a deleted customer (no events, as Stripe).
    private static func detachAll(customer: String, call: Call) async throws {
        for _ in 0..<100 {
            let (methods, _) = try await call.store.page(
                object: "payment_method",
                account: call.account,
                filters: ["customer": customer],
                page: PageRequest(limit: 100)
            )
            if methods.isEmpty { return }
            for var method in methods {
                method["customer"] = nil
                try await call.store.update(method, account: call.account)
            }
        }
    }
}
