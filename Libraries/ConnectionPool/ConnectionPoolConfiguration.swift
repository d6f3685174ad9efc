/// Sizes and time limits of a ``ConnectionPool``.
///
/// ```swift
/// var configuration = ConnectionPoolConfiguration()
/// configuration.maximumConnections = 10
/// configuration.acquireTimeout = .seconds(5)
/// ```
package struct ConnectionPoolConfiguration: Sendable, Hashable {
    /// Connections the pool opens at start and keeps open even when idle. Default 0.
    package var minimumConnections: Int
    /// The most connections open at once, counting those still being established or closed. Default 10.
    package var maximumConnections: Int
    /// How long a lease request waits for a connection before failing with
    /// ``ConnectionPoolError/Code/acquireTimeout``. Default 10 seconds.
    package var acquireTimeout: Duration
    /// How long a connection above ``minimumConnections`` may stay idle before the pool closes it. Default 60 s.
    package var idleTimeout: Duration
    /// The pause after the first failed connection attempt; it doubles with each further consecutive failure up
    /// to ``maximumConnectionBackoff``. Default 100 ms.
    ///
    /// While the pool is backing off and holds no open connection, lease requests fail at once with the last
    /// connection error instead of waiting: a database that is down makes queries fail fast.
    package var connectionBackoff: Duration
    /// The longest pause between connection attempts after failures. Default 2 seconds.
    package var maximumConnectionBackoff: Duration

    /// Creates a configuration; every parameter has the default documented on its property.
    package init(
        minimumConnections: Int = 0,
        maximumConnections: Int = 10,
        acquireTimeout: Duration = .seconds(10),
        idleTimeout: Duration = .seconds(60),
        connectionBackoff: Duration = .milliseconds(100),
        maximumConnectionBackoff: Duration = .seconds(2)
    ) {
        self.minimumConnections = minimumConnections
        self.maximumConnections = maximumConnections
        self.acquireTimeout = acquireTimeout
        self.idleTimeout = idleTimeout
        self.connectionBackoff = connectionBackoff
        self.maximumConnectionBackoff = maximumConnectionBackoff
    }

    /// The pause before the next attempt after `failures` consecutive failed attempts (at least 1).
    package func backoff(afterFailures failures: Int) -> Duration {
        var delay = connectionBackoff
        var remaining = max(failures, 1) - 1
        while remaining > 0, delay < maximumConnectionBackoff {
            delay *= 2
            remaining -= 1
        }
        return min(delay, maximumConnectionBackoff)
    }
}
