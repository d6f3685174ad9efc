package import ServiceRuntime

/// The catalog service: payment links and their public checkout data, uploads (DESIGN §2).
///
/// Every route under `/api/v1` is reached through the gateway with a signed identity assertion; the service
/// owns the `catalog` schema and nothing else.
package enum CatalogService {
    /// The service name: log label, configuration prefix, schema, and assertion audience.
    package static let name = "catalog"
    /// The port it listens on unless `CATALOG_HTTP_PORT` says otherwise.
    package static let defaultPort = 8082

    /// Builds the service's routes and migrations on the runtime's environment.
    ///
    /// - Throws: configuration errors (no database URL, no internal key).
    package static func make(_ environment: ServiceEnvironment) throws -> ServiceApplication<ServiceRequestContext> {
        let postgres = try environment.requirePostgres()
        let router = environment.makeRouter(context: ServiceRequestContext.self)
        let api = try environment.internalAPI(router)
        PingRoutes.register(on: api)
        let repository = PostgresPayLinkRepository(postgres: postgres)
        PublicPayLinkRoutes(repository: repository).register(on: api)
        PayLinkRoutes(repository: repository).register(on: api)
        PayLinkCounterRoutes.register(on: api, repository: repository)
        try DraftRoutes.register(on: api, environment: environment)
        try UploadRoutes.register(on: api, router: router, environment: environment)
        return ServiceApplication(router: router, migrations: try CatalogMigrations.runner())
    }
}
