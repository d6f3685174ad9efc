/// A long-running part of a process — an HTTP server, a database pool, a job worker — run by a
/// ``ServiceGroup``.
///
/// `run()` runs until the service's work is done. A service that should stop on graceful shutdown observes
/// it through ``withGracefulShutdownHandler(operation:onGracefulShutdown:)`` or ``gracefulShutdown()`` and
/// returns once it has drained; task cancellation means "stop now".
///
/// ```swift
/// struct Ticker: Service {
///     func run() async throws {
///         try await gracefulShutdown()  // nothing to do but wait
///     }
/// }
/// ```
package protocol Service: Sendable {
    /// Runs the service until it finishes, shuts down gracefully, or is cancelled.
    func run() async throws
}
