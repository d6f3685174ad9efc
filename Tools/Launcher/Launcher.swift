package import ConfigKit
import Foundation
import LifecycleKit
package import LogKit

/// `paylinks up`: starts the whole platform locally and keeps it running until Ctrl-C or SIGTERM.
///
/// In order: finds the service executables (and `stripe-sandbox`) next to the launcher's own binary; loads or
/// generates the secrets in `<data>/local.env`; assigns ports; unless `DATABASE_URL` is set, starts a PostgreSQL
/// cluster under `<data>/postgres` with the database `paylinks` and one login role per service and for the
/// sandbox (each one's migrations create its schema); then runs `[PostgreSQL, stripe-sandbox, auth, catalog,
/// payments, messaging, gateway]`, each child under a ``Supervisor`` that restarts it when it crashes. The
/// sandbox is left out when `PAYMENTS_STRIPE_API_BASE` names another Stripe; otherwise payments is pointed at
/// it (``StripeSetup``). Once the gateway's (and the sandbox's) `/readyz` answers 200 it prints the URLs.
/// Shutdown runs in reverse: the gateway stops first and PostgreSQL last, and no process is left behind. A
/// second start reuses the cluster, the secrets and the roles. Settings: ``LauncherConfiguration``.
///
/// ```swift
/// try await Launcher(reader: try ConfigReader.fromProcess(), executablePath: "/proc/self/exe target",
///                    logger: logger).up()
/// ```
package struct Launcher: Sendable {
    /// The database the local cluster holds for the services.
    package static let databaseName = "paylinks"

    private let configuration: LauncherConfiguration
    private let executableDirectory: String
    private let logger: Logger

    /// Creates a launcher for the platform built next to `executablePath` (normally this very binary).
    ///
    /// - Throws: ``ConfigError`` for invalid settings.
    package init(reader: ConfigReader, executablePath: String, logger: Logger) throws {
        self.init(
            configuration: try LauncherConfiguration(reader: reader),
            executablePath: executablePath,
            logger: logger
        )
    }

    /// Creates a launcher with an explicit configuration (tests).
    package init(configuration: LauncherConfiguration, executablePath: String, logger: Logger) {
        self.configuration = configuration
        executableDirectory = URL(fileURLWithPath: executablePath).deletingLastPathComponent().path
        self.logger = logger
    }

    /// Runs until interrupted; returns normally after a clean shutdown.
    ///
    /// - Throws: ``LauncherError`` when an executable is missing, a port is taken, or PostgreSQL cannot be
    ///   prepared; ``ServiceGroupError`` when shutdown times out.
    package func up() async throws {
        let configuration = self.configuration
        let executableDirectory = self.executableDirectory
        let root = URL(fileURLWithPath: configuration.dataDirectory).standardizedFileURL.path
        let localBackends = configuration.componentsOnLocalCluster
        let secrets = try await BlockingWork.run {
            try Self.prepareFiles(
                root: root,
                executableDirectory: executableDirectory,
                configuration: configuration,
                localBackends: localBackends
            )
        }
        let postgresPort = localBackends.isEmpty ? nil : FreePort.find(preferred: configuration.postgresPort)
        let ports = try PortAssignment.assign(
            configuration: configuration,
            reserved: Set([postgresPort].compactMap { $0 })
        )
        var services: [any Service] = []
        var databaseURLs: [PlatformComponent: String] = [:]
        for component in configuration.components where component.usesDatabase {
            databaseURLs[component] = configuration.serviceDatabaseURLs[component] ?? configuration.databaseURL
        }
        var databaseSummary = "DATABASE_URL / <NAME>_DATABASE_URL (external)"
        if let postgresPort {
            let postgres = try LocalPostgres(root: root, port: postgresPort)
            logger.info(
                "preparing local PostgreSQL",
                metadata: ["data": postgres.dataDirectory, "port": "\(postgresPort)"]
            )
            try await postgres.ensureInitialized()
            try await postgres.start()
            services.append(LocalPostgresService(postgres: postgres, logger: logger))
            do {
                try await postgres.ensureDatabase(Self.databaseName)
                for backend in localBackends {
                    let role = backend.rawValue
                    let password = secrets[Self.passwordKey(backend)]!
                    try await postgres.ensureRole(role, password: password, database: Self.databaseName)
                    databaseURLs[backend] = postgres.url(role: role, password: password, database: Self.databaseName)
                }
            } catch {
                await postgres.stop()
                throw error
            }
            databaseSummary = "local cluster on 127.0.0.1:\(postgresPort), database \(Self.databaseName)"
        }
        let stripe: StripeSetup =
            if let apiBase = configuration.externalStripeAPIBase {
                .external(apiBase: apiBase)
            } else {
                .sandbox(
                    secretKey: configuration.sandboxSecretKey,
                    publishableKey: configuration.sandboxPublishableKey,
                    webhookSecret: secrets[Self.webhookSecretKey]!
                )
            }
        let plan = LaunchPlan(
            ports: ports,
            databaseURLs: databaseURLs,
            internalKey: secrets["PAYLINKS_INTERNAL_KEY"]!,
            jwtSecret: secrets["PAYLINKS_JWT_SECRET"]!,
            executableDirectory: executableDirectory,
            dataDirectory: root,
            stripe: stripe
        )
        for specification in plan.specifications(base: ProcessInfo.processInfo.environment) {
            services.append(Supervisor(specification: specification, logger: logger))
        }
        services.append(
            ReadinessWatcher(
                plan: plan,
                timeout: configuration.readyTimeout,
                banner: plan.banner(
                    dataDirectory: root,
                    database: databaseSummary,
                    smtpConfigured: ProcessInfo.processInfo.environment["MESSAGING_SMTP_URL"].map { !$0.isEmpty }
                        ?? false
                ),
                logger: logger
            )
        )
        logger.info(
            "starting PayLinks",
            metadata: Dictionary(
                uniqueKeysWithValues: plan.components.map { ("\($0).port", "\(plan.port(of: $0))") }
            )
        )
        try await ServiceGroup(
            services: services,
            configuration: .init(gracefulShutdownTimeout: .seconds(60)),
            logger: logger
        ).run()
        logger.info("all stopped")
    }

    /// The `local.env` key of a component's role password, such as `CATALOG_DATABASE_PASSWORD`.
    package static func passwordKey(_ backend: PlatformComponent) -> String {
        "\(backend.environmentPrefix)_DATABASE_PASSWORD"
    }

    /// The `local.env` key of the webhook signing secret shared by the sandbox and payments.
    package static let webhookSecretKey = "STRIPE_SANDBOX_WEBHOOK_SECRET"

    /// Checks the executables, creates the data directory and returns every secret the launch needs:
    /// from the environment when set there, else from `local.env` (generated and saved the first time).
    private static func prepareFiles(
        root: String,
        executableDirectory: String,
        configuration: LauncherConfiguration,
        localBackends: [PlatformComponent]
    ) throws -> [String: String] {
        let missing = configuration.components.map { executableDirectory + "/" + $0.executableName }.filter {
            !FileManager.default.isExecutableFile(atPath: $0)
        }
        guard missing.isEmpty else {
            throw LauncherError(
                "missing \(missing.joined(separator: ", ")): run `swift build` first (the launcher starts the service "
                    + "executables built next to it)"
            )
        }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        var file = try LocalSecrets(path: root + "/local.env")
        var secrets: [String: String] = [:]
        secrets["PAYLINKS_INTERNAL_KEY"] = try configuration.internalKey ?? file.value(for: "PAYLINKS_INTERNAL_KEY")
        secrets["PAYLINKS_JWT_SECRET"] = try configuration.jwtSecret ?? file.value(for: "PAYLINKS_JWT_SECRET")
        for backend in localBackends {
            let key = passwordKey(backend)
            secrets[key] = try configuration.databasePasswords[backend] ?? file.value(for: key)
        }
        if configuration.startsStripeSandbox {
            secrets[webhookSecretKey] =
                try configuration.stripeWebhookSecret ?? file.value(for: webhookSecretKey, prefix: "whsec_")
        }
        return secrets
    }
}
