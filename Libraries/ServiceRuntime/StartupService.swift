import HTTPServer
import LifecycleKit
import LogKit
import Postgres

/// Applies the service's migrations, then runs the HTTP server: the server never accepts a request against
/// a schema that is not up to date, and a migration failure (such as a changed applied migration) stops
/// start-up with its message.
struct StartupService: Service {
    let migrations: PostgresMigrations?
    let postgres: PostgresClient?
    let server: HTTPServer
    let logger: Logger

    func run() async throws {
        if let migrations {
            guard let postgres else {
                throw StartupError(message: "migrations for schema \(migrations.schema) need a database URL")
            }
            let report = try await migrations.apply(on: postgres, logger: logger)
            logger.info("migrations applied", metadata: ["schema": migrations.schema, "report": "\(report)"])
        }
        try await server.run()
    }
}

/// A start-up step that cannot proceed.
struct StartupError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
