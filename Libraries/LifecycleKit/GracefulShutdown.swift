/// Runs `operation`, calling `handler` once if graceful shutdown of the current service is requested while
/// it runs (or at once, if it already was).
///
/// Outside a ``ServiceGroup`` there is no shutdown to observe and `handler` never runs.
///
/// - Parameters:
///   - operation: the work to run.
///   - handler: called on the thread that triggers shutdown; must be fast and must not block.
/// - Returns: what `operation` returns.
package func withGracefulShutdownHandler<T>(
    operation: () async throws -> T,
    onGracefulShutdown handler: @escaping @Sendable () -> Void
) async rethrows -> T {
    guard let manager = GracefulShutdownManager.current, let id = manager.register(handler) else {
        return try await operation()
    }
    defer { manager.remove(id) }
    return try await operation()
}

/// Suspends until graceful shutdown of the current service is requested.
///
/// - Throws: `CancellationError` if the task is cancelled first.
package func gracefulShutdown() async throws {
    let waiter = OneShotSignal()
    try await withTaskCancellationHandler {
        try await withGracefulShutdownHandler {
            try await waiter.wait()
        } onGracefulShutdown: {
            waiter.signal()
        }
    } onCancel: {
        waiter.cancel()
    }
}

/// Whether graceful shutdown of the current service has been requested (`false` outside a group).
package var isShuttingDownGracefully: Bool { GracefulShutdownManager.current?.isShuttingDown ?? false }
