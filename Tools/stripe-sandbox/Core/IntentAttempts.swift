/// What payment intents (Payments) and setup intents (Connect) share about an attempt to use a card: the
/// 3-D Secure redirect and the way back to `requires_payment_method` after a failure. Each family keeps its
/// own state machine; these are only the identical steps.
package enum IntentAttempts {
    /// The `next_action` of an intent in `requires_action`: the customer opens `url` (the sandbox's challenge
    /// page) and comes back to `returnURL` (null when none was given).
    package static func redirectAction(url: String, returnURL: String?) -> JSON {
        [
            "type": "redirect_to_url",
            "redirect_to_url": ["return_url": .string(returnURL), "url": .string(url)],
        ]
    }

    /// Which kind of intent an attempt belongs to.
    package enum Kind: Sendable {
        /// A payment intent: `last_payment_error`, `payment_intent.payment_failed`.
        case payment
        /// A setup intent: `last_setup_error`, `setup_intent.setup_failed`.
        case setup

        var errorKey: String { self == .payment ? "last_payment_error" : "last_setup_error" }
        var failedEvent: String { self == .payment ? "payment_intent.payment_failed" : "setup_intent.setup_failed" }
    }

    /// Puts `intent` back to `requires_payment_method` after a failed attempt: its last error
    /// (`last_payment_error` or `last_setup_error`) becomes `error`, `next_action` and `payment_method` become
    /// null; then stores the intent in `call.account` and records the failure event
    /// (`payment_intent.payment_failed` or `setup_intent.setup_failed`).
    package static func fail(_ intent: inout JSONObject, _ kind: Kind, error: JSONObject, call: Call) async throws {
        intent[kind.errorKey] = .object(error)
        intent["next_action"] = nil
        intent["payment_method"] = nil
        intent["status"] = "requires_payment_method"
        try await call.store.update(intent, account: call.account)
        try await call.events.record(type: kind.failedEvent, object: intent, account: call.account)
    }
}
