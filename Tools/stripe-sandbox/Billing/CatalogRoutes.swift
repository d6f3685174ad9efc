import StripeSandboxCore

/// Products (`prod_…`) and prices (`price_…`).
enum CatalogRoutes {
    static func register(_ routes: SandboxRoutes) {
        ProductRoutes.register(routes)
        PriceRoutes.register(routes)
    }

    /// The members of `before` that differ in `after` (`previous_attributes`).
    static func previous(_ before: JSONObject, _ after: JSONObject, ignoring: Set<String>) -> JSONObject {
        var changed = JSONObject()
        for (key, value) in before where !ignoring.contains(key) && after[key] != value {
            changed[key] = value
        }
        return changed
    }
}
