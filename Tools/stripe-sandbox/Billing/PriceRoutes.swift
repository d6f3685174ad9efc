import StripeSandboxCore

/// Prices (`price_…`).
enum PriceRoutes {
    static func register(_ routes: SandboxRoutes) {
        routes.post(
            "/v1/prices",
            schema: Schema(
                PriceRules.pricingParams + [
                    Param("active", .boolean),
                    Param("billing_scheme", .enumeration(["per_unit"])),
                    Param("lookup_key", .string(maxLength: 200)),
                    Param("nickname", .string(maxLength: 5000)),
                    Param("product", .string(maxLength: 255)),
                    Param(
                        "product_data",
                        .object([
                            Param("name", .string(maxLength: 5000), required: true),
                            Param("active", .boolean),
                            Param("id", .string(maxLength: 250)),
                            Param("metadata", .metadata),
                            Param("statement_descriptor", .string(maxLength: 22)),
                            Param("tax_code", .string(maxLength: 5000)),
                            Param("unit_label", .string(maxLength: 12)),
                        ])
                    ),
                    Param("transfer_lookup_key", .boolean),
                ]
            )
        ) { call in
            try await createPrice(call)
        }
        routes.get("/v1/prices/{id}") { call in
            .object(try await call.pathObject("price"))
        }
        routes.post(
            "/v1/prices/{id}",
            schema: Schema([
                Param("active", .boolean),
                Param("lookup_key", .string(maxLength: 200)),
                Param("metadata", .metadata),
                Param("nickname", .string(maxLength: 5000)),
                Param("tax_behavior", .enumeration(["exclusive", "inclusive", "unspecified"])),
                Param("transfer_lookup_key", .boolean),
            ])
        ) { call in
            try await updatePrice(call)
        }
        routes.get(
            "/v1/prices",
            schema: .list([
                Param("active", .boolean), Param("currency", .currency), Param("product", .string(maxLength: 255)),
                Param("type", .enumeration(["one_time", "recurring"])),
                Param("lookup_keys", .array(.string(maxLength: 200), max: 10)),
                Param("recurring", .object([Param("interval", .enumeration(BillingPeriods.intervals))])),
            ])
        ) { call in
            let params = call.params
            let filters = params.filters(["currency", "product", "type"], booleans: ["active"])
            let lookupKeys = Set(params.strings("lookup_keys") ?? [])
            let interval = params.object("recurring")?.string("interval")
            guard !lookupKeys.isEmpty || interval != nil else {
                return try await call.store.list(
                    object: "price",
                    account: call.account,
                    filters: filters,
                    page: call.page,
                    url: "/v1/prices"
                )
            }
            return try await FilteredList.list(call: call, object: "price", filters: filters, url: "/v1/prices") {
                price in
                if !lookupKeys.isEmpty && !lookupKeys.contains(price["lookup_key"]?.stringValue ?? "") { return false }
                if let interval, price["recurring"]?["interval"]?.stringValue != interval { return false }
                return true
            }
        }
    }

    private static func createPrice(_ call: Call) async throws -> JSON {
        let params = call.params
        var newProduct: JSONObject?
        let productID: String
        switch (params.string("product"), params.object("product_data")) {
        case (let id?, nil):
            _ = try await call.store.require(id, account: call.account, object: "product", param: "product")
            productID = id
        case (nil, let data?):
            let product = try await ProductRoutes.make(data, call: call)
            productID = product["id"]?.stringValue ?? ""
            newProduct = product
        case (_?, _?):
            throw StripeError.invalidRequest(
                "You may only specify one of these parameters: product, product_data.",
                param: "product_data"
            )
        case (nil, nil):
            throw StripeError.missing("product")
        }
        var price = try PriceRules.make(call: call, params: params, product: productID)
        if let lookupKey = params.string("lookup_key") {
            try await claim(
                lookupKey: lookupKey,
                for: &price,
                transfer: params.bool("transfer_lookup_key") ?? false,
                call
            )
        }
        if let newProduct {
            try await call.store.insert(newProduct, account: call.account)
            try await call.events.record(type: "product.created", object: newProduct, account: call.account)
        }
        try await call.store.insert(price, account: call.account)
        try await call.events.record(type: "price.created", object: price, account: call.account)
        return .object(price)
    }

    private static func updatePrice(_ call: Call) async throws -> JSON {
        let params = call.params
        var price = try await call.pathObject("price", forUpdate: true)
        let before = price
        params.assignBool("active", to: &price)
        params.applyMetadata(to: &price)
        params.assignString("nickname", to: &price)
        if let behavior = params.string("tax_behavior"), behavior != price["tax_behavior"]?.stringValue {
            guard price["tax_behavior"] == "unspecified" else {
                throw StripeError.invalidRequest(
                    "tax_behavior cannot be changed once it is set to exclusive or inclusive.",
                    param: "tax_behavior"
                )
            }
            price["tax_behavior"] = .string(behavior)
        }
        if params.has("lookup_key") {
            if let lookupKey = params.string("lookup_key") {
                if lookupKey != price["lookup_key"]?.stringValue {
                    try await claim(
                        lookupKey: lookupKey,
                        for: &price,
                        transfer: params.bool("transfer_lookup_key") ?? false,
                        call
                    )
                }
            } else {
                price["lookup_key"] = nil
            }
        }
        guard price != before else { return .object(price) }
        try await CatalogRoutes.saveUpdated(price, before: before, event: "price.updated", call: call)
        return .object(price)
    }

    /// Gives `price` the lookup key, taking it from the price holding it when `transfer` is set.
    private static func claim(lookupKey: String, for price: inout JSONObject, transfer: Bool, _ call: Call) async throws
    {
        let (holders, _) = try await call.store.page(
            object: "price",
            account: call.account,
            filters: ["lookup_key": lookupKey],
            page: PageRequest(limit: 1)
        )
        if var holder = holders.first, holder["id"] != price["id"] {
            guard transfer else {
                throw StripeError.invalidRequest(
                    "A price (`\(holder["id"]?.stringValue ?? "")`) already uses that lookup key.",
                    param: "lookup_key"
                )
            }
            let before = holder
            holder["lookup_key"] = nil
            try await CatalogRoutes.saveUpdated(holder, before: before, event: "price.updated", call: call)
        }
        price["lookup_key"] = .string(lookupKey)
    }
}
