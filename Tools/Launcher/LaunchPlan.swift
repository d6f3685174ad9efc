/// Where each component of the platform listens and what it is started with: the pure part of `paylinks up`,
/// computed once before anything starts.
///
/// Each child gets the launcher's environment plus `<NAME>_HTTP_HOST`, `<NAME>_HTTP_PORT`,
/// `<NAME>_DATABASE_URL` (backends only), `PAYLINKS_INTERNAL_KEY` and `PAYLINKS_JWT_SECRET`; the gateway also gets
/// `GATEWAY_UPSTREAM_<NAME>_URL` for each backend.
package struct LaunchPlan: Sendable {
    /// The address every component binds.
    package static let host = "127.0.0.1"

    /// The port of every component (all five).
    package var ports: [PlatformComponent: Int]
    /// The database URL of every backend.
    package var databaseURLs: [PlatformComponent: String]
    /// The shared internal identity key.
    package var internalKey: String
    /// The shared JWT secret.
    package var jwtSecret: String
    /// The directory holding the five executables (the launcher's own).
    package var executableDirectory: String

    /// Creates a plan.
    package init(
        ports: [PlatformComponent: Int],
        databaseURLs: [PlatformComponent: String],
        internalKey: String,
        jwtSecret: String,
        executableDirectory: String
    ) {
        self.ports = ports
        self.databaseURLs = databaseURLs
        self.internalKey = internalKey
        self.jwtSecret = jwtSecret
        self.executableDirectory = executableDirectory
    }

    /// The component's port.
    package func port(of component: PlatformComponent) -> Int {
        guard let port = ports[component] else { fatalError("LaunchPlan has no port for \(component)") }
        return port
    }

    /// The component's base URL, such as `http://127.0.0.1:8082`.
    package func url(of component: PlatformComponent) -> String {
        "http://\(Self.host):\(port(of: component))"
    }

    /// The path of the component's executable.
    package func executablePath(of component: PlatformComponent) -> String {
        executableDirectory + "/" + component.rawValue
    }

    /// The component's full environment: `base` (normally the launcher's own) plus the variables above.
    package func environment(for component: PlatformComponent, base: [String: String]) -> [String: String] {
        var environment = base
        let prefix = component.environmentPrefix
        environment["\(prefix)_HTTP_HOST"] = Self.host
        environment["\(prefix)_HTTP_PORT"] = "\(port(of: component))"
        if component.usesDatabase { environment["\(prefix)_DATABASE_URL"] = databaseURLs[component] }
        environment["PAYLINKS_INTERNAL_KEY"] = internalKey
        environment["PAYLINKS_JWT_SECRET"] = jwtSecret
        if component == .gateway {
            for backend in PlatformComponent.backends {
                environment["GATEWAY_UPSTREAM_\(backend.environmentPrefix)_URL"] = url(of: backend)
            }
        }
        return environment
    }

    /// What to start, in start order (backends, then the gateway).
    package func specifications(base: [String: String]) -> [ChildSpecification] {
        PlatformComponent.startOrder.map { component in
            ChildSpecification(
                name: component.rawValue,
                executable: executablePath(of: component),
                arguments: [],
                environment: environment(for: component, base: base)
            )
        }
    }
}
