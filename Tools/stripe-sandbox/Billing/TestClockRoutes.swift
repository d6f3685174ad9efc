import StripeSandboxCore

/// Stripe test clocks (`clock_…`): customers created with `test_clock` live on the clock's frozen time, and
/// advancing the clock runs the due work (subscription renewals) of that clock only.
enum TestClockRoutes {
    static let object = "test_helpers.test_clock"

    static func register(_ routes: SandboxRoutes) {
        routes.post(
            "/v1/test_helpers/test_clocks",
            schema: Schema([
                Param("frozen_time", .integer(min: 0, max: 253_402_300_799), required: true),
                Param("name", .string(maxLength: 300)),
            ])
        ) { call in
            var clock = Templates.make(object)
            clock["created"] = .int(call.now)
            clock["deletes_after"] = .int(call.now + 30 * 86_400)
            clock["frozen_time"] = .int(call.params.int("frozen_time"))
            clock["id"] = .string(IDs.make("clock"))
            clock["name"] = .string(call.params.string("name"))
            clock["status"] = "ready"
            clock["status_details"] = .object(JSONObject())
            try await call.store.insert(clock, account: call.account)
            try await call.events.record(type: "test_helpers.test_clock.created", object: clock, account: call.account)
            return .object(clock)
        }
        routes.get("/v1/test_helpers/test_clocks/{id}") { call in
            .object(try await call.pathObject(object))
        }
        routes.get("/v1/test_helpers/test_clocks", schema: .list()) { call in
            try await call.store.list(
                object: object,
                account: call.account,
                page: call.page,
                url: "/v1/test_helpers/test_clocks"
            )
        }
        routes.delete("/v1/test_helpers/test_clocks/{id}") { call in
            let clock = try await call.pathObject(object)
            let id = clock["id"]?.stringValue ?? ""
            // Stripe deletes the clock's objects with it: its subscriptions and invoices go too.
            for type in ["subscription", "invoice"] {
                for _ in 0..<100 {
                    let (objects, _) = try await call.store.page(
                        object: type,
                        account: call.account,
                        filters: ["test_clock": id],
                        page: PageRequest(limit: 100)
                    )
                    if objects.isEmpty { break }
                    for member in objects {
                        if let memberID = member["id"]?.stringValue {
                            try await call.store.delete(memberID, account: call.account)
                            if type == "subscription" {
                                try await call.store.delete(SubscriptionFlags.id(for: memberID), account: call.account)
                            }
                        }
                    }
                }
            }
            try await call.store.delete(id, account: call.account)
            try await call.events.record(type: "test_helpers.test_clock.deleted", object: clock, account: call.account)
            return Templates.deleted("test_helpers.test_clock", id: id)
        }
        routes.post(
            "/v1/test_helpers/test_clocks/{id}/advance",
            schema: Schema([Param("frozen_time", .integer(min: 0, max: 253_402_300_799), required: true)])
        ) { call in
            var clock = try await call.pathObject(object, forUpdate: true)
            let target = call.params.int("frozen_time") ?? 0
            let current = clock["frozen_time"]?.intValue ?? 0
            // Stripe bounds an advance too; a year keeps one request's renewals bounded.
            guard target - current <= 366 * 86_400 else {
                throw StripeError.invalidRequest(
                    "A test clock can be advanced by at most a year at a time; advance in several steps.",
                    param: "frozen_time"
                )
            }
            guard target > current else {
                throw StripeError.invalidRequest(
                    "The frozen_time provided (\(target)) must be after the test clock's current frozen_time "
                        + "(\(current)).",
                    param: "frozen_time"
                )
            }
            let id = clock["id"]?.stringValue ?? ""
            clock["frozen_time"] = .int(target)
            clock["status"] = "advancing"
            try await call.events.record(
                type: "test_helpers.test_clock.advancing",
                object: clock,
                account: call.account
            )
            // The clock's work runs now, in this request; Stripe reports `advancing` and later `ready`.
            try await routes.dueWork.run(call.at(target), scope: .testClock(id: id, frozenTime: target))
            var ready = clock
            ready["status"] = "ready"
            try await call.store.update(ready, account: call.account)
            try await call.events.record(type: "test_helpers.test_clock.ready", object: ready, account: call.account)
            return .object(clock)
        }
    }

    /// The time objects of a customer live on: its test clock's frozen time, or the sandbox clock.
    static func time(for customer: JSONObject, call: Call) async throws -> (now: Int64, clock: String?) {
        guard let clockID = customer["test_clock"]?.stringValue else { return (call.now, nil) }
        let clock = try await call.store.require(clockID, account: call.account, object: object, param: "test_clock")
        return (clock["frozen_time"]?.intValue ?? call.now, clockID)
    }
}
