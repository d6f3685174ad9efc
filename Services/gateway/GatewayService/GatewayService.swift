import ConfigKit
import HTTPCore
import HTTPRouter
import HTTPUpstream
import JWT
import LifecycleKit
package import ServiceRuntime

/// The gateway: the only public entry point. It applies the edge rules (``GatewayEdgeMiddleware``: rate
/// limits, `X-Currency`, bearer authentication against the users' current sessions, route protection),
/// then forwards `/api/v1/*` and `/webhooks/stripe` to the owning service by ``GatewayRouteTable/standard``
/// with a signed identity assertion (DESIGN §2, §6). CORS and security headers apply to every response.
package enum GatewayService {
    /// The service name: log label and configuration prefix.
    package static let name = "gateway"
    /// The public port unless `GATEWAY_HTTP_PORT` says otherwise.
    package static let defaultPort = 8080
    /// The methods forwarded (`HEAD` rides on `GET`; `OPTIONS` is answered by the router).
    static let forwardedMethods: [HTTPMethod] = [.get, .post, .put, .patch, .delete]
    /// The largest body accepted on `/api/v1/auth/**` (413 `CONTENT_TOO_LARGE` beyond it).
    package static let authBodyLimit = 16 * 1024
    /// The largest body accepted on `/api/v1/uploads/local/**` (a file for the catalog's local storage; the
    /// catalog enforces its own signed limit, `CATALOG_UPLOAD_MAX_BYTES`, 25 MiB by default).
    package static let localUploadBodyLimit = 32 << 20

    /// Builds the gateway on the runtime's environment, reading ``GatewayConfiguration`` from it.
    ///
    /// - Throws: configuration errors (no internal key, bad upstream URLs or timeouts).
    package static func make(_ environment: ServiceEnvironment) throws -> ServiceApplication<GatewayContext> {
        try make(environment, configuration: GatewayConfiguration(reader: environment.reader))
    }

    /// Builds the gateway with an explicit configuration (tests).
    package static func make(
        _ environment: ServiceEnvironment,
        configuration: GatewayConfiguration
    ) throws -> ServiceApplication<GatewayContext> {
        let keys = try environment.requireInternalKeys()
        var upstreamConfiguration = HTTPUpstreamConfiguration()
        upstreamConfiguration.connectTimeout = configuration.connectTimeout
        let client = HTTPUpstreamClient(configuration: upstreamConfiguration, logger: environment.logger)
        let signer = try configuration.jwtSecret.map {
            JWTSigner(keys: try JWTKeyCollection(signingSecret: Array($0.utf8)))
        }
        let proxy = GatewayProxy(client: client, configuration: configuration, keys: keys, table: .standard)

        guard let authAddress = configuration.upstreams[.auth] else {
            throw ConfigError(key: "GATEWAY_UPSTREAM_AUTH_URL", problem: "is required")
        }
        let sessionSource = AuthSessionSource(
            client: InternalServiceClient(
                service: UpstreamService.auth.rawValue,
                address: authAddress,
                keys: keys,
                client: client,
                timeout: configuration.sessions.lookupTimeout
            )
        )
        let sessions = SessionCache(
            source: sessionSource,
            staleAfter: configuration.sessions.staleAfter,
            capacity: configuration.sessions.cacheCapacity
        )
        let feed = SessionFeedService(
            source: sessionSource,
            cache: sessions,
            interval: configuration.sessions.pollInterval,
            logger: environment.logger
        )

        let router = environment.makeRouter(
            context: GatewayContext.self,
            readinessChecks: ServiceHealthRoutes.readinessChecks(client: client, configuration: configuration)
        )
        router.add(middleware: SecurityHeadersMiddleware<GatewayContext>(hsts: configuration.hsts))
        let origins = configuration.corsOrigins
        router.add(
            middleware: CORSMiddleware<GatewayContext>(
                allowedOrigins: origins.contains("*") ? .any : .only(Set(origins)),
                exposedHeaders: [
                    "Retry-After", "X-Request-Id", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset",
                ]
            )
        )
        ServiceHealthRoutes.register(on: router, proxy: proxy)
        let forwarded = router.group().add(
            middleware: GatewayEdgeMiddleware(
                table: .standard,
                authenticator: BearerAuthenticator(signer: signer, sessions: sessions),
                trustedProxies: configuration.trustedProxies,
                rateLimits: configuration.rateLimits
            )
        )
        for method in forwardedMethods {
            for path in ["/api/v1/**", "/webhooks/stripe"] {
                forwarded.on(path, method: method) { request, context in
                    try await proxy.forward(request, context: context)
                }
            }
            // Sign-in bodies are small: refuse a large one before reading it.
            forwarded.on("/api/v1/auth/**", method: method, options: RouteOptions(maxBodyBytes: authBodyLimit)) {
                request,
                context in
                try await proxy.forward(request, context: context)
            }
            let uploadLimit = RouteOptions(maxBodyBytes: localUploadBodyLimit)
            forwarded.on("/api/v1/uploads/local/**", method: method, options: uploadLimit) { request, context in
                try await proxy.forward(request, context: context)
            }
        }
        // Without a JWT secret nobody can sign in, so there are no sessions to keep current.
        let services: [any Service] =
            signer == nil ? [UpstreamClientService(client: client)] : [UpstreamClientService(client: client), feed]
        return ServiceApplication(router: router, services: services)
    }
}

/// Closes the upstream client's pooled connections once the HTTP server has drained.
struct UpstreamClientService: Service {
    let client: HTTPUpstreamClient

    func run() async throws {
        try? await gracefulShutdown()
        await client.shutdown()
    }
}
