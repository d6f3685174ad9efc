import LifecycleKit
package import ServiceRuntime

/// The auth service: users, sign-in (magic link, Google, API keys), tokens, settings (DESIGN §2).
///
/// Every route under `/api/v1` is reached through the gateway with a signed identity assertion; the service
/// owns the `auth` schema and nothing else. Configuration: see ``AuthConfiguration``.
package enum AuthService {
    /// The service name: log label, configuration prefix, schema, and assertion audience.
    package static let name = "auth"
    /// The port it listens on unless `AUTH_HTTP_PORT` says otherwise.
    package static let defaultPort = 8081

    /// Builds the service's routes and migrations on the runtime's environment.
    ///
    /// - Throws: configuration errors (no database URL, no internal key, no or short `PAYLINKS_JWT_SECRET`,
    ///   a bad `AUTH_*` value).
    package static func make(_ environment: ServiceEnvironment) throws -> ServiceApplication<ServiceRequestContext> {
        let postgres = try environment.requirePostgres()
        let configuration = try AuthConfiguration(reader: environment.reader)
        let issuer = try TokenIssuer(secret: configuration.jwtSecret)
        let repository = AccountRepository(postgres: postgres)
        let accounts = AccountSignIn(repository: repository, issuer: issuer, configuration: configuration)
        let messaging = try environment.internalClient(for: "messaging", defaultPort: 8084)
        let routes = AuthRouteContext(
            repository: repository,
            issuer: issuer,
            configuration: configuration,
            redirects: RedirectPolicy(allowedOrigins: configuration.allowedRedirectOrigins),
            mailer: MessagingMagicLinkMailer(client: messaging),
            accounts: accounts
        )
        // Every gateway polls the change feed four times a second: its successful polls are debug lines.
        let router = environment.makeRouter(
            context: ServiceRequestContext.self,
            quietRoutes: ["/api/v1/internal/sessions/changes"]
        )
        let api = try environment.internalAPI(router)
        MagicLinkRoutes.register(on: api, routes: routes)
        APIKeyRoutes.register(on: api, routes: routes)
        MeRoutes.register(on: api, routes: routes)
        SettingsRoutes.register(on: api, routes: routes)
        SessionRoutes.register(on: api, routes: routes)
        try GoogleSignInRoutes.register(on: api, environment: environment, routes: routes)
        // The change feed and OAuth states are history: pruned hourly (7 days of changes kept by default).
        let pruning = PeriodicService(
            name: "auth history pruning",
            interval: configuration.pruneInterval,
            logger: environment.logger
        ) {
            try await repository.pruneHistory(changeRetention: configuration.sessionChangesRetention)
        }
        return ServiceApplication(router: router, migrations: try AuthMigrations.runner(), services: [pruning])
    }
}
