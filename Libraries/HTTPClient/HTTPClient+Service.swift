import LifecycleKit

extension HTTPClient: Service {
    /// Runs until graceful shutdown of the service group (or cancellation), then shuts the client down.
    ///
    /// The client serves requests from the moment it is created; `run()` only ties its shutdown to the
    /// process lifecycle, so services can stop it after the HTTP server has drained.
    package func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }
}
