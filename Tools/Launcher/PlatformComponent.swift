/// One of the executables the launcher starts: the five PayLinks processes (DESIGN §2) and the Stripe sandbox,
/// the development tool that stands in for Stripe locally.
///
/// The raw value is the log name, the configuration prefix (upper-cased: `CATALOG_…`, `STRIPE_SANDBOX_…`) and,
/// for every component with a database, the PostgreSQL role and schema. ``executableName`` is the file the
/// launcher runs.
package enum PlatformComponent: String, CaseIterable, Sendable, CustomStringConvertible {
    /// Users, sign-in, tokens, settings.
    case auth
    /// Payment links and their public checkout data.
    case catalog
    /// Payments, transactions, refunds, Stripe.
    case payments
    /// Email.
    case messaging
    /// The public edge: authentication, routing, rate limits.
    case gateway
    /// The Stripe-compatible sandbox (`Tools/stripe-sandbox`): the Stripe the payments service talks to unless
    /// `PAYMENTS_STRIPE_API_BASE` names another one.
    case stripeSandbox = "stripe_sandbox"

    /// The four services behind the gateway, in start order. They verify the gateway's signed identity
    /// assertions; the development tools do not.
    package static let backends: [PlatformComponent] = [.auth, .catalog, .payments, .messaging]

    /// What the platform runs beside the services for local development: the Stripe sandbox.
    package static let developmentTools: [PlatformComponent] = [.stripeSandbox]

    /// Every component in start order: the development tools first (payments finds its Stripe up), then the
    /// backends, the gateway last. Shutdown runs in reverse: the gateway first, the sandbox after the services.
    package static let startOrder: [PlatformComponent] = developmentTools + backends + [.gateway]

    /// The port used unless configured otherwise: 8080 for the gateway, 8081–8084 for the backends, 12111 for
    /// the Stripe sandbox (stripe-mock's).
    package var defaultPort: Int {
        switch self {
        case .gateway: 8080
        case .auth: 8081
        case .catalog: 8082
        case .payments: 8083
        case .messaging: 8084
        case .stripeSandbox: 12111
        }
    }

    /// The prefix of the component's environment variables, such as `CATALOG` or `STRIPE_SANDBOX`.
    package var environmentPrefix: String { rawValue.uppercased() }

    /// The executable's file name, such as `catalog` or `stripe-sandbox`.
    package var executableName: String {
        switch self {
        case .stripeSandbox: "stripe-sandbox"
        default: rawValue
        }
    }

    /// Whether the component has its own database role and `<NAME>_DATABASE_URL` (every backend and the
    /// sandbox; not the gateway).
    package var usesDatabase: Bool { self != .gateway }

    /// The name, such as `catalog` or `stripe_sandbox` (the service name its `/healthz` reports).
    package var description: String { rawValue }
}
