package import HTTPRouter
package import ServiceRuntime
import StripeSandboxBilling
import StripeSandboxConnect
package import StripeSandboxCore
import StripeSandboxPayments
import StripeSandboxWebhooks

/// The Stripe-compatible sandbox: the subset of Stripe's API PayLinks uses (Connect, payment intents,
/// subscriptions, refunds, payouts, disputes, signed webhooks), on PostgreSQL schema `stripe_sandbox`.
///
/// A development tool, not a product service: `make run` and the payments tests point the payments
/// service's Stripe API base URL at it. Configuration: ``SandboxConfig/read(_:)``.
package enum StripeSandbox {
    /// The name: log label, configuration prefix `STRIPE_SANDBOX_`, schema.
    package static let name = SandboxApplication.name
    /// The port it listens on unless `STRIPE_SANDBOX_HTTP_PORT` says otherwise (stripe-mock's).
    package static let defaultPort = SandboxApplication.defaultPort

    /// Every resource family.
    package static let families: [SandboxFamily] = [
        ConnectFamily.family, PaymentsFamily.family, BillingFamily.family, WebhooksFamily.family,
    ]

    /// Builds the sandbox's routes, migrations and background work.
    package static func make(_ environment: ServiceEnvironment) throws -> ServiceApplication<BasicRequestContext> {
        try SandboxApplication.make(environment, families: families)
    }
}
