package import ConfigKit
import Foundation
import LifecycleKit
package import LogKit

/// `paylinks up`: prepares PostgreSQL (a local cluster under `.data/` unless `DATABASE_URL` is set), starts
/// the platform's processes with prefixed logs, restarts any that crash, and on Ctrl-C or SIGTERM stops them
/// all, PostgreSQL last.
package struct Launcher: Sendable {
    private let configuration: LauncherConfiguration
    private let executablePath: String
    private let logger: Logger

    /// Creates a launcher that starts children from `executablePath` (normally this very binary).
    ///
    /// - Throws: ``ConfigError`` for invalid settings.
    package init(reader: ConfigReader, executablePath: String, logger: Logger) throws {
        configuration = try LauncherConfiguration(reader: reader)
        self.executablePath = executablePath
        self.logger = logger
    }

    /// Runs until interrupted; returns normally after a clean shutdown.
    package func up() async throws {
        let root = URL(fileURLWithPath: configuration.dataDirectory).standardizedFileURL.path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        var secrets = try LocalSecrets(path: root + "/local.env")
        var services: [any Service] = []
        let database = "paylinks"
        let databaseURL: String
        if let external = configuration.databaseURL {
            databaseURL = external
        } else {
            let port = FreePort.find(preferred: configuration.postgresPort)
            let postgres = try LocalPostgres(root: root, port: port)
            logger.info("preparing local PostgreSQL", metadata: ["data": postgres.dataDirectory, "port": "\(port)"])
            try await postgres.ensureInitialized()
            try await postgres.start()
            services.append(LocalPostgresService(postgres: postgres, logger: logger))
            do {
                try await postgres.ensureDatabase(database)
                let password = try secrets.value(for: "DEMO_DATABASE_PASSWORD")
                try await postgres.ensureRole("demo", password: password, database: database)
                databaseURL = postgres.url(role: "demo", password: password, database: database)
            } catch {
                await postgres.stop()
                throw error
            }
        }
        var environment = ProcessInfo.processInfo.environment
        environment["DEMO_DATABASE_URL"] = databaseURL
        environment["DEMO_HTTP_PORT"] = "\(configuration.publicPort)"
        environment["DEMO_HTTP_HOST"] = environment["DEMO_HTTP_HOST"] ?? "127.0.0.1"
        let demo = ChildSpecification(
            name: "demo",
            executable: executablePath,
            arguments: ["demo"],
            environment: environment
        )
        services.append(Supervisor(specification: demo, logger: logger))
        printBanner()
        try await ServiceGroup(
            services: services,
            configuration: .init(gracefulShutdownTimeout: .seconds(60)),
            logger: logger
        ).run()
        logger.info("all stopped")
    }

    private func printBanner() {
        let base = "http://127.0.0.1:\(configuration.publicPort)"
        StandardOutput.write(
            """

            PayLinks is starting (Ctrl-C stops everything):
              health   \(base)/healthz
              ready    \(base)/readyz
              metrics  \(base)/metrics
              data     \(configuration.dataDirectory)

            """
        )
    }
}
