/// Where each component of the platform listens and what it is started with: the pure part of `paylinks up`,
/// computed once before anything starts.
///
/// Each child gets the launcher's environment plus `<NAME>_HTTP_HOST`, `<NAME>_HTTP_PORT` and
/// `<NAME>_DATABASE_URL` (every component but the gateway); the five PayLinks processes also get
/// `PAYLINKS_INTERNAL_KEY`, `PAYLINKS_JWT_SECRET` and `<NAME>_UPSTREAM_<OTHER>_URL` for each backend they may
/// call (the Stripe sandbox gets none of these: it is not part of the platform's trust domain). Local-development
/// defaults that the launcher's environment may override (an empty value counts as unset): `AUTH_PUBLIC_URL` and
/// `AUTH_ALLOWED_REDIRECT_ORIGINS` / `GATEWAY_CORS_ORIGINS` (the gateway's own origin), `CATALOG_PUBLIC_URL` and
/// `CATALOG_UPLOAD_DIR` (`<data>/uploads`, local file storage while no S3 bucket is set),
/// `MESSAGING_DEV_MAILBOX_DIR` (`<data>/mailbox`, used while no SMTP server is set), and, while the sandbox runs
/// (``StripeSetup/sandbox(secretKey:publishableKey:webhookSecret:)``), `PAYMENTS_STRIPE_API_BASE` (the
/// sandbox's URL), `PAYMENTS_STRIPE_SECRET_KEY`, `PAYMENTS_STRIPE_PUBLISHABLE_KEY`, `PAYMENTS_STRIPE_WEBHOOK_SECRET`
/// and for the sandbox `STRIPE_SANDBOX_PUBLIC_URL` (`http://localhost:<its port>`), `STRIPE_SANDBOX_WEBHOOK_URL`
/// (`<gateway origin>/webhooks/stripe`) and `STRIPE_SANDBOX_WEBHOOK_SECRET` (the same secret payments gets).
package struct LaunchPlan: Sendable {
    /// The address every component binds.
    package static let host = "127.0.0.1"

    /// The port of every component that runs (the sandbox has one only when it runs).
    package var ports: [PlatformComponent: Int]
    /// The database URL of every component with a database.
    package var databaseURLs: [PlatformComponent: String]
    /// The shared internal identity key.
    package var internalKey: String
    /// The shared JWT secret.
    package var jwtSecret: String
    /// The directory holding the executables (the launcher's own).
    package var executableDirectory: String
    /// The platform's data directory (the dev mailbox lives under it).
    package var dataDirectory: String
    /// Which Stripe payments uses: the sandbox started here, or an external one.
    package var stripe: StripeSetup

    /// Creates a plan.
    package init(
        ports: [PlatformComponent: Int],
        databaseURLs: [PlatformComponent: String],
        internalKey: String,
        jwtSecret: String,
        executableDirectory: String,
        dataDirectory: String = ".data",
        stripe: StripeSetup
    ) {
        self.ports = ports
        self.databaseURLs = databaseURLs
        self.internalKey = internalKey
        self.jwtSecret = jwtSecret
        self.executableDirectory = executableDirectory
        self.dataDirectory = dataDirectory
        self.stripe = stripe
    }

    /// The components started, in start order: every one, but the sandbox only with
    /// ``StripeSetup/sandbox(secretKey:publishableKey:webhookSecret:)``.
    package var components: [PlatformComponent] {
        PlatformComponent.startOrder.filter { component in
            guard component == .stripeSandbox else { return true }
            if case .sandbox = stripe { return true }
            return false
        }
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
        executableDirectory + "/" + component.executableName
    }

    /// The component's full environment: `base` (normally the launcher's own) plus the variables above.
    package func environment(for component: PlatformComponent, base: [String: String]) -> [String: String] {
        var environment = base
        let prefix = component.environmentPrefix
        environment["\(prefix)_HTTP_HOST"] = Self.host
        environment["\(prefix)_HTTP_PORT"] = "\(port(of: component))"
        if component.usesDatabase { environment["\(prefix)_DATABASE_URL"] = databaseURLs[component] }
        if !PlatformComponent.developmentTools.contains(component) {
            environment["PAYLINKS_INTERNAL_KEY"] = internalKey
            environment["PAYLINKS_JWT_SECRET"] = jwtSecret
            for backend in PlatformComponent.backends where backend != component {
                environment["\(prefix)_UPSTREAM_\(backend.environmentPrefix)_URL"] = url(of: backend)
            }
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
        case .payments:
            if case .sandbox(let secretKey, let publishableKey, let webhookSecret) = stripe {
                defaults = [
                    "PAYMENTS_STRIPE_API_BASE": url(of: .stripeSandbox),
                    "PAYMENTS_STRIPE_SECRET_KEY": secretKey,
                    "PAYMENTS_STRIPE_PUBLISHABLE_KEY": publishableKey,
                    "PAYMENTS_STRIPE_WEBHOOK_SECRET": webhookSecret,
                ]
            }
        case .stripeSandbox:
            if case .sandbox(_, _, let webhookSecret) = stripe {
                defaults = [
                    "STRIPE_SANDBOX_PUBLIC_URL": "http://localhost:\(port(of: .stripeSandbox))",
                    "STRIPE_SANDBOX_WEBHOOK_URL": stripeWebhookURL,
                    "STRIPE_SANDBOX_WEBHOOK_SECRET": webhookSecret,
                ]
            }
        }
        for (key, value) in defaults where environment[key]?.isEmpty ?? true { environment[key] = value }
        return environment
    }

    /// Where the sandbox delivers its webhooks: the payments service's `/webhooks/stripe`, through the gateway.
    package var stripeWebhookURL: String { publicOrigin + "/webhooks/stripe" }

    /// What to start, in start order (the sandbox, the backends, then the gateway).
    package func specifications(base: [String: String]) -> [ChildSpecification] {
        components.map { component in
            ChildSpecification(
                name: component.executableName,
                executable: executablePath(of: component),
                arguments: [],
                environment: environment(for: component, base: base)
            )
        }
    }
}
