/// Which Stripe the payments service talks to in a local launch.
package enum StripeSetup: Sendable, Equatable {
    /// The launcher starts the Stripe sandbox and points payments at it (the default).
    ///
    /// - Parameters:
    ///   - secretKey: the one secret key the sandbox accepts, handed to payments (`PAYMENTS_STRIPE_SECRET_KEY`).
    ///   - publishableKey: its publishable key (`PAYMENTS_STRIPE_PUBLISHABLE_KEY`).
    ///   - webhookSecret: the `whsec_…` secret the sandbox signs its webhooks with and payments verifies them with.
    case sandbox(secretKey: String, publishableKey: String, webhookSecret: String)
    /// `PAYMENTS_STRIPE_API_BASE` names another Stripe (the real one, or a sandbox run elsewhere): nothing is
    /// started and payments keeps its own `PAYMENTS_STRIPE_*` settings.
    case external(apiBase: String)
}
