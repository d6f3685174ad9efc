package import ConfigKit
package import HTTPRouter
import HTTPUpstream
package import LogKit
package import MetricsKit
package import Postgres
package import ServiceIdentity
import Synchronization

/// What the runtime has set up for a service before its routes are built: configuration, logger, metrics
/// registry and (when a database URL is configured) the PostgreSQL client.
package struct ServiceEnvironment: Sendable {
    /// The service's standard settings.
    package let configuration: ServiceConfiguration
    /// The configuration source, for the service's own keys.
    package let reader: ConfigReader
    /// The service's logger (label = service name).
    package let logger: Logger
    /// The registry `/metrics` exposes.
    package let metrics: MetricsRegistry
    /// The database client, `nil` when the service has no database URL.
    package let postgres: PostgresClient?

    /// Creates an environment; the runtime does this, tests may too.
    package init(
        configuration: ServiceConfiguration,
        reader: ConfigReader,
        logger: Logger,
        metrics: MetricsRegistry,
        postgres: PostgresClient?
    ) {
        self.configuration = configuration
        self.reader = reader
        self.logger = logger
        self.metrics = metrics
        self.postgres = postgres
    }

    /// The database client.
    ///
    /// - Throws: ``ConfigError`` naming `<NAME>_DATABASE_URL` when the service has no database configured.
    package func requirePostgres() throws(ConfigError) -> PostgresClient {
        guard let postgres else {
            throw ConfigError(
                key: "\(configuration.name.uppercased())_DATABASE_URL",
                problem: "is required but not set"
            )
        }
        return postgres
    }

    /// A router with the standard middleware (request logging, metrics) and routes (`/healthz`, `/readyz`
    /// with a database check when there is a database, `/metrics`). Successful requests to `quietRoutes`
    /// (patterns other services poll, such as a change feed) are logged at `debug`.
    package func makeRouter<Context: RootRequestContext>(
        context: Context.Type = Context.self,
        readinessChecks: [ReadinessCheck] = [],
        quietRoutes: Set<String> = []
    ) -> Router<Context> {
        let router = Router(context: context, logger: logger)
        router.add(middleware: RequestLoggingMiddleware<Context>(quietRoutes: quietRoutes))
        router.add(middleware: MetricsMiddleware<Context>(registry: metrics))
        var checks = readinessChecks
        if let postgres {
            checks.append(ReadinessCheck(name: "database") { _ = try await postgres.query("SELECT 1") })
        }
        StandardRoutes.register(on: router, service: configuration.name, checks: checks, metrics: metrics)
        return router
    }

    /// The internal signing keys.
    ///
    /// - Throws: ``ConfigError`` naming `PAYLINKS_INTERNAL_KEY` when it is not configured.
    package func requireInternalKeys() throws(ConfigError) -> InternalKeys {
        guard let keys = configuration.internalKeys else {
            throw ConfigError(key: "PAYLINKS_INTERNAL_KEY", problem: "is required but not set")
        }
        return keys
    }

    /// The group for the routes the gateway forwards to this service (by default everything under
    /// `/api/v1`): each answers 401 unless the request carries a valid identity assertion for this service.
    ///
    /// - Throws: ``ConfigError`` when the internal key is not configured.
    package func internalAPI<Context: IdentifiedRequestContext>(
        _ router: Router<Context>,
        path: String = "/api/v1"
    ) throws(ConfigError) -> RouterGroup<Context> {
        let keys = try requireInternalKeys()
        return router.group(path).add(
            middleware: InternalIdentityMiddleware<Context>(keys: keys, service: configuration.name)
        )
    }

    /// A client for service `service`'s internal API, at `<NAME>_UPSTREAM_<SERVICE>_URL` (default
    /// `http://127.0.0.1:<defaultPort>`), each call bounded by `<NAME>_UPSTREAM_TIMEOUT` (default `5s`).
    ///
    /// - Throws: ``ConfigError`` for a bad URL or timeout, or a missing internal key.
    package func internalClient(for service: String, defaultPort: Int) throws(ConfigError) -> InternalServiceClient {
        let keys = try requireInternalKeys()
        let upstream = reader.scoped(configuration.name.uppercased()).scoped("UPSTREAM")
        let urlKey = "\(service.uppercased())_URL"
        let url = upstream.string(urlKey, default: "http://127.0.0.1:\(defaultPort)")
        guard let address = HTTPUpstreamAddress(url: url) else {
            throw ConfigError(
                key: upstream.fullKey(urlKey),
                problem: "must be http://HOST:PORT with a numeric host or localhost (got \"\(url)\")"
            )
        }
        let timeout = try upstream.duration("TIMEOUT", default: .seconds(5))
        let client = Self.sharedUpstreamClient.withLock { shared in
            if let shared { return shared }
            let made = HTTPUpstreamClient(logger: logger)
            shared = made
            return made
        }
        return InternalServiceClient(service: service, address: address, keys: keys, client: client, timeout: timeout)
    }

    /// One pooled client per process for service-to-service calls.
    private static let sharedUpstreamClient = Mutex<HTTPUpstreamClient?>(nil)
}
