package import HTTPRouter
package import LifecycleKit
package import Postgres

/// A service as the runtime runs it: its router, its migrations, and any background services (job workers,
/// HTTP clients) that must run alongside the HTTP server.
package struct ServiceApplication<Context: RootRequestContext>: Sendable {
    /// The router answering requests.
    package var router: Router<Context>
    /// The service's schema migrations, applied before the server accepts requests.
    package var migrations: PostgresMigrations?
    /// Services started before the HTTP server and stopped after it, in order.
    package var services: [any Service]

    /// Creates an application.
    package init(router: Router<Context>, migrations: PostgresMigrations? = nil, services: [any Service] = []) {
        self.router = router
        self.migrations = migrations
        self.services = services
    }
}
