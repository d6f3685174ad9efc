package import LogKit

/// A ``Service`` that runs `work` every `interval` until graceful shutdown or cancellation: pruning old rows,
/// running work that came due. A failing run is logged and the next one comes at the next tick; the first
/// run is one interval after start.
///
/// It notices graceful shutdown within `checkInterval` (200 ms) even when `interval` is an hour, so it never
/// holds up a `ServiceGroup` stopping.
package struct PeriodicService: Service {
    /// The name in log messages.
    package let name: String
    /// Time between runs.
    package let interval: Duration
    /// How often shutdown is checked while waiting.
    package let checkInterval: Duration
    private let logger: Logger
    private let work: @Sendable () async throws -> Void

    /// Creates the service.
    package init(
        name: String,
        interval: Duration,
        checkInterval: Duration = .milliseconds(200),
        logger: Logger,
        work: @escaping @Sendable () async throws -> Void
    ) {
        self.name = name
        self.interval = interval
        self.checkInterval = min(checkInterval, interval)
        self.logger = logger
        self.work = work
    }

    package func run() async throws {
        var waited = Duration.zero
        while !Task.isCancelled && !isShuttingDownGracefully {
            try? await Task.sleep(for: checkInterval)
            waited += checkInterval
            guard waited >= interval, !Task.isCancelled, !isShuttingDownGracefully else { continue }
            waited = .zero
            do {
                try await work()
            } catch {
                logger.warning("\(name) failed; retrying at the next tick", metadata: ["error": "\(error)"])
            }
        }
    }
}
