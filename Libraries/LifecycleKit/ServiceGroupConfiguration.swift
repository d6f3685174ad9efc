import Glibc

/// How a ``ServiceGroup`` reacts to signals and how long it waits for a graceful shutdown.
package struct ServiceGroupConfiguration: Sendable {
    /// Signals that start a graceful shutdown. Default: `SIGTERM` and `SIGINT`.
    package var gracefulShutdownSignals: [Int32]
    /// How long the whole graceful shutdown may take before the remaining services are cancelled.
    /// Default: 30 seconds; `nil` waits forever.
    package var gracefulShutdownTimeout: Duration?

    /// Creates a configuration; see the properties for defaults.
    package init(
        gracefulShutdownSignals: [Int32] = [SIGTERM, SIGINT],
        gracefulShutdownTimeout: Duration? = .seconds(30)
    ) {
        self.gracefulShutdownSignals = gracefulShutdownSignals
        self.gracefulShutdownTimeout = gracefulShutdownTimeout
    }
}
