import StripeSandboxCore

/// Products (`prod_…`) and prices (`price_…`).
enum CatalogRoutes {
    static func register(_ routes: SandboxRoutes) {
        ProductRoutes.register(routes)
        PriceRoutes.register(routes)
    }

    /// Stores the changed `object` and records `event` (`price.updated`…) with what changed since `before`
    /// (members in `ignoring` left out of `previous_attributes`).
    static func saveUpdated(
        _ object: JSONObject,
        before: JSONObject,
        event: String,
        ignoring: Set<String> = [],
        call: Call
    ) async throws {
        try await call.store.update(object, account: call.account)
        try await call.events.record(
            type: event,
            object: object,
            account: call.account,
            previous: EventRecorder.changes(from: before, to: object, ignoring: ignoring)
        )
    }
}
