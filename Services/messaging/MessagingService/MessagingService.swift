import JobQueue
package import ServiceRuntime

/// The messaging service: transactional email and broadcasts (DESIGN §2).
///
/// Every route under `/api/v1` is reached through the gateway with a signed identity assertion; the service
/// owns the `messaging` schema and nothing else. Other services send email through the internal outbox
/// (`POST /api/v1/internal/emails`, role SERVICE); a job worker delivers it over SMTP or, without
/// `MESSAGING_SMTP_URL`, into the dev mailbox (see ``MessagingConfiguration``).
package enum MessagingService {
    /// The service name: log label, configuration prefix, schema, and assertion audience.
    package static let name = "messaging"
    /// The port it listens on unless `MESSAGING_HTTP_PORT` says otherwise.
    package static let defaultPort = 8084

    /// Builds the service's routes, migrations and delivery worker on the runtime's environment.
    ///
    /// - Throws: configuration errors (no database URL, no internal key, bad `MESSAGING_*` values).
    package static func make(_ environment: ServiceEnvironment) throws -> ServiceApplication<ServiceRequestContext> {
        let postgres = try environment.requirePostgres()
        let configuration = try MessagingConfiguration(reader: environment.reader)
        let router = environment.makeRouter(context: ServiceRequestContext.self)
        let api = try environment.internalAPI(router)
        let jobs = JobQueue(schema: name)
        let repository = EmailRepository(postgres: postgres, jobs: jobs, maxAttempts: configuration.maxAttempts)
        InternalEmailRoutes(repository: repository).register(on: api)
        let delivery = EmailDelivery(repository: repository, configuration: configuration, logger: environment.logger)
        let worker = JobWorker(
            queue: jobs,
            postgres: postgres,
            handlers: [EmailRepository.deliveryQueue: { job in try await delivery.deliver(job) }],
            configuration: configuration.worker,
            logger: environment.logger,
            metrics: environment.metrics,
            onDeadLetter: { job, error in
                guard let payload = try? job.decodePayload(as: EmailDelivery.Payload.self) else { return }
                try? await repository.markFailed(id: payload.emailId, error: error, final: true)
            }
        )
        return ServiceApplication(router: router, migrations: try MessagingMigrations.runner(), services: [worker])
    }
}
