import StripeSandboxCore

/// The sandbox's private state about a subscription, invisible to API clients: stored as an object of its
/// own type (`sandbox.subscription_flags`) in the subscription's account, never listed or returned.
enum SubscriptionFlags {
    static let object = "sandbox.subscription_flags"

    /// The flags object's id for a subscription.
    static func id(for subscription: String) -> String { "sbflags_\(subscription)" }

    /// Whether the next renewal's payment must be declined (`fail_next_renewal`).
    static func failNextRenewal(_ subscription: String, call: Call) async throws -> Bool {
        try await isSet("fail_next_renewal", subscription: subscription, call: call)
    }

    /// Sets or clears the `fail_next_renewal` flag.
    static func setFailNextRenewal(_ value: Bool, subscription: String, call: Call) async throws {
        try await set("fail_next_renewal", value, subscription: subscription, call: call)
    }

    /// Whether the boolean flag `name` is set (`fail_next_renewal`, `trial_will_end_sent`).
    static func isSet(_ name: String, subscription: String, call: Call) async throws -> Bool {
        let flags = try await call.store.find(id(for: subscription), account: call.account, object: object)
        return flags?[name] == true
    }

    /// Sets or clears the boolean flag `name`.
    static func set(_ name: String, _ value: Bool, subscription: String, call: Call) async throws {
        let flagsID = id(for: subscription)
        if var flags = try await call.store.lock(flagsID, account: call.account, object: object) {
            flags[name] = .bool(value)
            try await call.store.update(flags, account: call.account)
        } else if value {
            var flags: JSONObject = [
                "id": .string(flagsID), "object": .string(object), "created": .int(call.now),
                "subscription": .string(subscription),
            ]
            flags[name] = true
            try await call.store.insert(flags, account: call.account)
        }
    }
}
