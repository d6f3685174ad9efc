package import ServiceRuntime

/// The auth service: users, sign-in (magic link, Google, API keys), tokens, settings (DESIGN §2).
///
/// Every route under `/api/v1` is reached through the gateway with a signed identity assertion; the service
/// owns the `auth` schema and nothing else.
package enum AuthService {
    /// The service name: log label, configuration prefix, schema, and assertion audience.
    package static let name = "auth"
    /// The port it listens on unless `AUTH_HTTP_PORT` says otherwise.
    package static let defaultPort = 8081

    /// Builds the service's routes and migrations on the runtime's environment.
    ///
    /// - Throws: configuration errors (no database URL, no internal key).
    package static func make(_ environment: ServiceEnvironment) throws -> ServiceApplication<ServiceRequestContext> {
        _ = try environment.requirePostgres()
        let router = environment.makeRouter(context: ServiceRequestContext.self)
        let api = try environment.internalAPI(router)
        MeRoutes.register(on: api)
        return ServiceApplication(router: router, migrations: try AuthMigrations.runner())
    }
}
