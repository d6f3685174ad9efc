/// Where each component of the platform listens and what it is started with: the pure part of `paylinks up`,
/// computed once before anything starts.
///
/// Each child gets the launcher's environment plus `<NAME>_HTTP_HOST`, `<NAME>_HTTP_PORT`,
/// `<NAME>_DATABASE_URL` (backends only), `PAYLINKS_INTERNAL_KEY` and `PAYLINKS_JWT_SECRET`; every component gets
/// `<NAME>_UPSTREAM_<OTHER>_URL` for each backend it may call. Local-development defaults that the launcher's
/// environment may override: `AUTH_PUBLIC_URL` and `AUTH_ALLOWED_REDIRECT_ORIGINS` / `GATEWAY_CORS_ORIGINS` (the
/// gateway's own origin), `CATALOG_PUBLIC_URL` and `CATALOG_UPLOAD_DIR` (`<data>/uploads`, local file storage while
/// no S3 bucket is set), and `MESSAGING_DEV_MAILBOX_DIR` (`<data>/mailbox`, used while no SMTP server is set).
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
    /// The platform's data directory (the dev mailbox lives under it).
    package var dataDirectory: String

    /// Creates a plan.
    package init(
        ports: [PlatformComponent: Int],
        databaseURLs: [PlatformComponent: String],
        internalKey: String,
        jwtSecret: String,
        executableDirectory: String,
        dataDirectory: String = ".data"
    ) {
        self.ports = ports
        self.databaseURLs = databaseURLs
        self.internalKey = internalKey
        self.jwtSecret = jwtSecret
        self.executableDirectory = executableDirectory
        self.dataDirectory = dataDirectory
    }

    /// The dev mailbox directory messaging writes to while no SMTP server is configured.
    package var mailboxDirectory: String { dataDirectory + "/mailbox" }

    /// The origin a browser uses for the gateway, such as `http://localhost:8080`.
    package var publicOrigin: String { "http://localhost:\(port(of: .gateway))" }

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
        for backend in PlatformComponent.backends where backend != component {
            environment["\(prefix)_UPSTREAM_\(backend.environmentPrefix)_URL"] = url(of: backend)
        }
        let origins = "\(publicOrigin),http://127.0.0.1:\(port(of: .gateway))"
        var defaults: [String: String] = [:]
        switch component {
        case .auth:
            defaults = ["AUTH_PUBLIC_URL": publicOrigin, "AUTH_ALLOWED_REDIRECT_ORIGINS": origins]
        case .gateway:
            defaults = ["GATEWAY_CORS_ORIGINS": origins]
        case .catalog:
            defaults = ["CATALOG_PUBLIC_URL": publicOrigin, "CATALOG_UPLOAD_DIR": dataDirectory + "/uploads"]
        case .messaging:
            defaults = ["MESSAGING_DEV_MAILBOX_DIR": mailboxDirectory]
        default:
            break
        }
        for (key, value) in defaults where environment[key] == nil { environment[key] = value }
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
