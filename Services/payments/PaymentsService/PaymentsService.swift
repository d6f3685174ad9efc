package import ServiceRuntime

/// The payments service: checkout payments, transactions, refunds, customers, analytics, Stripe Connect, disputes, subscriptions, purchases, Stripe webhooks (DESIGN §2).
///
/// Every route under `/api/v1` is reached through the gateway with a signed identity assertion; the service
/// owns the `payments` schema and nothing else.
package enum PaymentsService {
    /// The service name: log label, configuration prefix, schema, and assertion audience.
    package static let name = "payments"
    /// The port it listens on unless `PAYMENTS_HTTP_PORT` says otherwise.
    package static let defaultPort = 8083

    /// Builds the service's routes and migrations on the runtime's environment.
    ///
    /// - Throws: configuration errors (no database URL, no internal key).
    package static func make(_ environment: ServiceEnvironment) throws -> ServiceApplication<ServiceRequestContext> {
        _ = try environment.requirePostgres()
        let router = environment.makeRouter(context: ServiceRequestContext.self)
        _ = try environment.internalAPI(router)
        return ServiceApplication(router: router, migrations: try PaymentsMigrations.runner())
    }
}
