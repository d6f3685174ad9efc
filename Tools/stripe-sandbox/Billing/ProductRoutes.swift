import StripeSandboxCore

/// Products (`prod_…`).
enum ProductRoutes {
    private static let productParams: [Param] = [
        Param("active", .boolean),
        Param("description", .string(maxLength: 40_000)),
        Param("images", .array(.string(maxLength: 2048), max: 8)),
        Param("marketing_features", .array(.object([Param("name", .string(maxLength: 80), required: true)]), max: 15)),
        Param("metadata", .metadata),
        Param("shippable", .boolean),
        Param("statement_descriptor", .string(maxLength: 22)),
        Param("tax_code", .string(maxLength: 5000)),
        Param("unit_label", .string(maxLength: 12)),
        Param("url", .string(maxLength: 5000)),
    ]

    static func register(_ routes: SandboxRoutes) {
        routes.post(
            "/v1/products",
            schema: Schema(
                productParams + [
                    Param("name", .string(maxLength: 5000), required: true),
                    Param("id", .string(maxLength: 250)),
                    Param("type", .enumeration(["good", "service"])),
                    Param("default_price_data", .object(PriceRules.pricingParams)),
                ]
            )
        ) { call in
            try await createProduct(call)
        }
        routes.get("/v1/products/{id}") { call in
            .object(try await call.pathObject("product"))
        }
        routes.post(
            "/v1/products/{id}",
            schema: Schema(
                productParams + [
                    Param("name", .string(maxLength: 5000)),
                    Param("default_price", .string(maxLength: 255)),
                ]
            )
        ) { call in
            try await updateProduct(call)
        }
        routes.get(
            "/v1/products",
            schema: .list([
                Param("active", .boolean), Param("ids", .array(.string(maxLength: 255))), Param("shippable", .boolean),
                Param("url", .string(maxLength: 5000)),
            ])
        ) { call in
            let filters = call.params.filters(["url"], booleans: ["active", "shippable"])
            if let ids = call.params.strings("ids"), !ids.isEmpty {
                let wanted = Set(ids)
                return try await FilteredList.list(call: call, object: "product", filters: filters, url: "/v1/products")
                { wanted.contains($0["id"]?.stringValue ?? "") }
            }
            return try await call.store.list(
                object: "product",
                account: call.account,
                filters: filters,
                page: call.page,
                url: "/v1/products"
            )
        }
        routes.delete("/v1/products/{id}") { call in
            let product = try await call.pathObject("product", forUpdate: true)
            let id = product["id"]?.stringValue ?? ""
            let (prices, _) = try await call.store.page(
                object: "price",
                account: call.account,
                filters: ["product": id],
                page: PageRequest(limit: 1)
            )
            guard prices.isEmpty else {
                throw StripeError.invalidRequest(
                    "This product cannot be deleted because it has one or more user-created prices."
                )
            }
            try await call.store.delete(id, account: call.account)
            try await call.events.record(type: "product.deleted", object: product, account: call.account)
            return Templates.deleted("product", id: id)
        }
    }

    private static func createProduct(_ call: Call) async throws -> JSON {
        let params = call.params
        var product = try await make(params, call: call)
        let id = product["id"]?.stringValue ?? ""
        var price: JSONObject?
        if let data = params.object("default_price_data") {
            let made = try PriceRules.make(call: call, params: data, product: id)
            product["default_price"] = made["id"]
            price = made
        }
        try await call.store.insert(product, account: call.account)
        try await call.events.record(type: "product.created", object: product, account: call.account)
        if let price {
            try await call.store.insert(price, account: call.account)
            try await call.events.record(type: "price.created", object: price, account: call.account)
        }
        return .object(product)
    }

    /// A new product (not stored yet) from `params`: those of `POST /v1/products` or a price's
    /// `product_data` (whose schema allows a subset). A given `id` must be free.
    static func make(_ params: Params, call: Call) async throws -> JSONObject {
        var product = Templates.make("product")
        let id = params.string("id") ?? IDs.make("prod", length: 14)
        if params.has("id"), try await call.store.find(id, account: call.account) != nil {
            throw StripeError.invalidRequest(
                "Product already exists.",
                param: params.path("id"),
                code: "resource_already_exists"
            )
        }
        product["active"] = .bool(params.bool("active") ?? true)
        product["created"] = .int(call.now)
        product["default_price"] = nil
        product["description"] = .string(params.string("description"))
        product["id"] = .string(id)
        apply(params, to: &product)
        product["name"] = .string(params.string("name"))
        product["package_dimensions"] = nil
        product["updated"] = .int(call.now)
        product["type"] = .string(params.string("type") ?? "service")
        return product
    }

    private static func updateProduct(_ call: Call) async throws -> JSON {
        let params = call.params
        var product = try await call.pathObject("product", forUpdate: true)
        let before = product
        if params.has("name") {
            guard let name = params.string("name") else { throw StripeError.missing("name") }
            product["name"] = .string(name)
        }
        params.assignBool("active", to: &product)
        params.assignString("description", to: &product)
        apply(params, to: &product)
        if params.has("default_price") {
            if let priceID = params.string("default_price") {
                let price = try await call.store.require(
                    priceID,
                    account: call.account,
                    object: "price",
                    param: "default_price"
                )
                guard price["product"]?.stringValue == product["id"]?.stringValue else {
                    throw StripeError.invalidRequest(
                        "The price \(priceID) does not belong to this product.",
                        param: "default_price"
                    )
                }
                guard price["active"] == true else {
                    throw StripeError.invalidRequest(
                        "The price \(priceID) is not active and cannot be the default price.",
                        param: "default_price"
                    )
                }
                product["default_price"] = .string(priceID)
            } else {
                product["default_price"] = nil
            }
        }
        guard product != before else { return .object(product) }
        product["updated"] = .int(call.now)
        try await CatalogRoutes.saveUpdated(
            product,
            before: before,
            event: "product.updated",
            ignoring: ["updated"],
            call: call
        )
        return .object(product)
    }

    /// The parameters products share between create and update.
    private static func apply(_ params: Params, to product: inout JSONObject) {
        if params.has("images") { product["images"] = .array((params.strings("images") ?? []).map(JSON.string)) }
        if params.has("marketing_features") {
            product["marketing_features"] = .array(
                (params.objects("marketing_features") ?? []).map { ["name": .string($0.string("name"))] }
            )
        }
        params.applyMetadata(to: &product)
        if params.has("shippable") { product["shippable"] = params.bool("shippable").map(JSON.bool) ?? .null }
        params.assignString("statement_descriptor", to: &product)
        params.assignString("tax_code", to: &product)
        params.assignString("unit_label", to: &product)
        params.assignString("url", to: &product)
    }
}
