import LifecycleKit
import LogKit

/// Runs the local cluster for as long as the launcher runs: it is started before the services and, being
/// first in the group, stopped after all of them.
struct LocalPostgresService: Service {
    let postgres: LocalPostgres
    let logger: Logger

    func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            // Cancelled: still stop the server, so no PostgreSQL outlives the launcher.
        }
        logger.info("stopping PostgreSQL")
        await postgres.stop()
    }
}
