/// The internal services the gateway forwards to.
package enum UpstreamService: String, CaseIterable, Sendable, CustomStringConvertible {
    case auth
    case catalog
    case payments
    case messaging

    /// The port the service listens on by default (DESIGN §2).
    package var defaultPort: Int {
        switch self {
        case .auth: 8081
        case .catalog: 8082
        case .payments: 8083
        case .messaging: 8084
        }
    }

    package var description: String { rawValue }
}
