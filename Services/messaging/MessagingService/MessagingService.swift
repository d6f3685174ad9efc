package import ServiceRuntime

/// The messaging service: transactional email and broadcasts (DESIGN §2).
///
/// Every route under `/api/v1` is reached through the gateway with a signed identity assertion; the service
/// owns the `messaging` schema and nothing else.
package enum MessagingService {
    /// The service name: log label, configuration prefix, schema, and assertion audience.
    package static let name = "messaging"
    /// The port it listens on unless `MESSAGING_HTTP_PORT` says otherwise.
    package static let defaultPort = 8084

    /// Builds the service's routes and migrations on the runtime's environment.
    ///
    /// - Throws: configuration errors (no database URL, no internal key).
    package static func make(_ environment: ServiceEnvironment) throws -> ServiceApplication<ServiceRequestContext> {
        _ = try environment.requirePostgres()
        let router = environment.makeRouter(context: ServiceRequestContext.self)
        _ = try environment.internalAPI(router)
        return ServiceApplication(router: router, migrations: try MessagingMigrations.runner())
    }
}
