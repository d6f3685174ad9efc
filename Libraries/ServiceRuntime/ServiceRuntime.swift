package import ConfigKit
import ConnectionPool
import Foundation
import HTTPCore
package import HTTPRouter
import HTTPServer
import LifecycleKit
package import LogKit
import MetricsKit
import NetCore
import Postgres

/// The standard boot of a PayLinks service: configuration → logging → metrics → PostgreSQL → migrations →
/// HTTP, run as one ``ServiceGroup`` so SIGTERM quiesces the HTTP server first and closes the database last.
///
/// ```swift
/// @main enum Entrypoint {
///     static func main() async {
///         await ServiceRuntime.main(name: "catalog", defaultPort: 8082) { environment in
///             let router = environment.makeRouter(context: BasicRequestContext.self)
///             CatalogRoutes(environment).register(on: router)
///             return ServiceApplication(router: router, migrations: try CatalogMigrations.runner())
///         }
///     }
/// }
/// ```
package enum ServiceRuntime {
    /// Reads the configuration from the environment, runs the service until SIGTERM/SIGINT, and exits: 0 after
    /// a clean shutdown, 1 with a clear message when configuration or start-up fails.
    package static func main<Context: RootRequestContext>(
        name: String,
        defaultPort: Int,
        build: (ServiceEnvironment) async throws -> ServiceApplication<Context>
    ) async -> Never {
        let reader: ConfigReader
        let configuration: ServiceConfiguration
        do {
            reader = try ConfigReader.fromProcess()
            configuration = try ServiceConfiguration(name: name, defaultPort: defaultPort, reader: reader)
        } catch {
            Logger(label: name).critical("\(error)")
            exit(1)
        }
        LoggingSystem.bootstrap(handler: JSONLogHandler.standardOutput, level: configuration.logLevel)
        let logger = Logger(label: name)
        do {
            try await run(configuration: configuration, reader: reader, logger: logger, build: build)
            logger.info("stopped")
            exit(0)
        } catch {
            logger.critical("\(error)")
            exit(1)
        }
    }

    /// Runs a service with an explicit configuration until graceful shutdown (tests use this directly).
    ///
    /// - Parameters:
    ///   - signals: the signals that start a graceful shutdown (tests pass none and use `shutdown`).
    ///   - onListening: called with the bound port once the server accepts connections.
    /// - Throws: configuration, database, migration or server start-up errors.
    package static func run<Context: RootRequestContext>(
        configuration: ServiceConfiguration,
        reader: ConfigReader = ConfigReader(values: [:]),
        logger: Logger,
        signals: [Int32] = [SIGTERM, SIGINT],
        onListening: @escaping @Sendable (Int) -> Void = { _ in },
        build: (ServiceEnvironment) async throws -> ServiceApplication<Context>
    ) async throws {
        let metrics = MetricsRegistry()
        let postgres = try configuration.databaseURL.map { url in
            var database = try PostgresClient.Configuration(url: url)
            database.applicationName = database.applicationName ?? configuration.name
            database.statementTimeout = configuration.statementTimeout
            database.pool.maximumConnections = configuration.databasePoolSize
            return PostgresClient(configuration: database, logger: logger)
        }
        let environment = ServiceEnvironment(
            configuration: configuration,
            reader: reader,
            logger: logger,
            metrics: metrics,
            postgres: postgres
        )
        let application = try await build(environment)
        let server = HTTPServer(
            configuration: HTTPServerConfiguration(
                host: configuration.host,
                port: configuration.port,
                limits: HTTPParserLimits(maxBodyBytes: configuration.maxBodyBytes),
                gracePeriod: configuration.shutdownGracePeriod
            ),
            responder: application.router,
            logger: logger,
            // The process-wide loops: outbound clients on the same loops (the gateway's upstream pool) then
            // continue a request on the thread that parsed it instead of hopping to another group's loop.
            eventLoopGroup: .singleton,
            onServerRunning: onListening
        )
        let startup = StartupService(
            migrations: application.migrations,
            postgres: postgres,
            server: server,
            logger: logger
        )
        var services: [any Service] = []
        if let postgres { services.append(postgres) }
        services += application.services
        services.append(startup)
        logger.info(
            "starting",
            metadata: configuration.effectiveSummary.merging(reader.effectiveConfiguration()) { $1 }
        )
        let group = ServiceGroup(
            services: services,
            configuration: .init(
                gracefulShutdownSignals: signals,
                gracefulShutdownTimeout: configuration.shutdownGracePeriod + .seconds(5)
            ),
            logger: logger
        )
        try await group.run()
    }
}

extension ServiceConfiguration {
    /// The standard settings as log metadata (the database URL is left out: it holds a password).
    fileprivate var effectiveSummary: [String: String] {
        [
            "http.host": host, "http.port": "\(port)", "log.level": "\(logLevel)",
            "database": databaseURL == nil ? "none" : "configured",
        ]
    }
}
