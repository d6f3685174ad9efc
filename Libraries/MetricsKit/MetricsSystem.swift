import Synchronization

/// The process-wide default ``MetricsRegistry``.
///
/// The service runtime bootstraps it once at start-up and serves its ``MetricsRegistry/exposition()``
/// on `/metrics`. Library APIs that record metrics take an explicit registry parameter defaulting to
/// ``registry``, so tests pass their own and never share state.
package enum MetricsSystem {
    private static let current = Mutex(MetricsRegistry())

    /// Makes `registry` the process-wide default for code that asks for ``registry`` from now on.
    package static func bootstrap(_ registry: MetricsRegistry) {
        current.withLock { $0 = registry }
    }

    /// The process-wide default registry (an empty one until ``bootstrap(_:)`` is called).
    package static var registry: MetricsRegistry { current.withLock { $0 } }
}
