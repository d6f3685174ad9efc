/// Routes of the sandbox itself: events and the sandbox clock; then every resource family registers.
enum CoreRoutes {
    /// The furthest one `advance_time` moves the clock (a year): the due work of one request stays bounded
    /// (a daily subscription renews at most 366 times); move further in several steps.
    static let maxAdvance: Int64 = 366 * 86_400

    static func register(_ routes: SandboxRoutes) {
        routes.get("/v1/events", schema: .list([Param("type", .string(maxLength: 200))])) { call in
            var filters: [String: String] = [:]
            if let type = call.params.string("type") { filters["type"] = type }
            return try await call.store.list(
                object: "event",
                account: call.account,
                filters: filters,
                page: call.page,
                url: "/v1/events"
            )
        }
        routes.get("/v1/events/{id}") { call in
            .object(try await call.store.require(call.path("id"), account: call.account, object: "event"))
        }
        routes.post(
            "/v1/test_helpers/advance_time",
            schema: Schema([Param("seconds", .integer(min: 1, max: maxAdvance)), Param("to", .integer(min: 0))])
        ) { call in
            guard call.isPlatform else {
                throw StripeError.invalidRequest("The sandbox clock can only be moved by the platform.")
            }
            let seconds: Int64
            if let to = call.params.int("to") {
                guard to <= call.now + maxAdvance else {
                    throw StripeError.invalidRequest(
                        "to must be within a year of the sandbox's current time; advance in several steps.",
                        param: "to"
                    )
                }
                guard to >= call.now else {
                    throw StripeError.invalidRequest(
                        "to must not be before the sandbox's current time \(call.now).",
                        param: "to"
                    )
                }
                seconds = to - call.now
            } else if let given = call.params.int("seconds") {
                seconds = given
            } else {
                throw StripeError.missing("seconds")
            }
            let now = seconds > 0 ? try await SandboxClock.advance(by: seconds, on: call.connection) : call.now
            let moved = call.at(now)
            try await routes.dueWork.run(moved, scope: .sandbox)
            return ["object": "test_helpers.sandbox_clock", "now": .int(now), "advanced_by": .int(seconds)]
        }
    }
}
