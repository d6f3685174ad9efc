/// One of the five PayLinks executables the launcher starts (DESIGN §2).
///
/// The raw value is the executable's name, the log prefix, the configuration prefix (upper-cased: `CATALOG_…`)
/// and, for the four backends, the PostgreSQL role and schema.
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

    /// The four services behind the gateway, in start order.
    package static let backends: [PlatformComponent] = [.auth, .catalog, .payments, .messaging]

    /// Every component in start order: the backends first, the gateway last (so it stops first).
    package static let startOrder: [PlatformComponent] = backends + [.gateway]

    /// The port used unless configured otherwise: 8080 for the gateway, 8081–8084 for the backends.
    package var defaultPort: Int {
        switch self {
        case .gateway: 8080
        case .auth: 8081
        case .catalog: 8082
        case .payments: 8083
        case .messaging: 8084
        }
    }

    /// The prefix of the component's environment variables, such as `CATALOG`.
    package var environmentPrefix: String { rawValue.uppercased() }

    /// Whether the component has its own database role and `<NAME>_DATABASE_URL` (every backend; not the
    /// gateway).
    package var usesDatabase: Bool { self != .gateway }

    /// The executable name, such as `catalog`.
    package var description: String { rawValue }
}
