/// Counters of an ``HTTPUpstreamClient``, for tests, metrics and debugging.
package struct HTTPUpstreamStatistics: Sendable, Hashable {
    /// TCP connections opened since the client was created.
    package var connectionsOpened = 0
    /// Requests sent again on a fresh connection after a reused one turned out to be stale.
    package var retries = 0
    /// Idle keep-alive connections pooled right now, over all loops and addresses.
    package var idleConnections = 0

    /// Creates zeroed statistics.
    package init() {}
}
