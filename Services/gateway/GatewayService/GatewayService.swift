import HTTPCore
import HTTPRouter
import HTTPUpstream
import JWT
import LifecycleKit
package import ServiceRuntime

/// The gateway: the only public entry point. It authenticates the caller, then forwards `/api/v1/*` and
/// `/webhooks/stripe` to the owning service by ``GatewayRouteTable/standard`` with a signed identity
/// assertion (DESIGN §2).
package enum GatewayService {
    /// The service name: log label and configuration prefix.
    package static let name = "gateway"
    /// The public port unless `GATEWAY_HTTP_PORT` says otherwise.
    package static let defaultPort = 8080
    /// The methods forwarded (`HEAD` rides on `GET`; `OPTIONS` is answered by the router).
    static let forwardedMethods: [HTTPMethod] = [.get, .post, .put, .patch, .delete]

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
        let router = environment.makeRouter(
            context: GatewayContext.self,
            readinessChecks: ServiceHealthRoutes.readinessChecks(client: client, configuration: configuration)
        )
        ServiceHealthRoutes.register(on: router, proxy: proxy)
        let forwarded = router.group().add(middleware: BearerAuthenticationMiddleware(signer: signer))
        for method in forwardedMethods {
            for path in ["/api/v1/**", "/webhooks/stripe"] {
                forwarded.on(path, method: method) { request, context in
                    try await proxy.forward(request, context: context)
                }
            }
        }
        return ServiceApplication(router: router, services: [UpstreamClientService(client: client)])
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
