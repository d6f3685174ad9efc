import Synchronization

/// Tracks whether graceful shutdown has been requested for one service and calls its handlers once.
///
/// A ``ServiceGroup`` gives each service its own manager through a task local, so services can be shut
/// down one at a time, in reverse start order.
package final class GracefulShutdownManager: Sendable {
    private struct State {
        var isShuttingDown = false
        var nextID = 0
        var handlers: [Int: @Sendable () -> Void] = [:]
    }

    private let state = Mutex(State())

    /// The manager of the service the current task belongs to, set by ``ServiceGroup``.
    @TaskLocal package static var current: GracefulShutdownManager?

    /// Creates a manager that has not been triggered.
    package init() {}

    /// Whether ``triggerGracefulShutdown()`` has been called.
    package var isShuttingDown: Bool { state.withLock { $0.isShuttingDown } }

    /// Registers a handler; if shutdown was already triggered it runs at once and `nil` is returned.
    package func register(_ handler: @escaping @Sendable () -> Void) -> Int? {
        let id: Int? = state.withLock { state in
            guard !state.isShuttingDown else { return nil }
            defer { state.nextID += 1 }
            state.handlers[state.nextID] = handler
            return state.nextID
        }
        if id == nil { handler() }
        return id
    }

    /// Removes a handler that has not run yet.
    package func remove(_ id: Int) { _ = state.withLock { $0.handlers.removeValue(forKey: id) } }

    /// Requests graceful shutdown: every registered handler runs once, outside the lock.
    package func triggerGracefulShutdown() {
        let handlers = state.withLock { state -> [@Sendable () -> Void] in
            guard !state.isShuttingDown else { return [] }
            state.isShuttingDown = true
            defer { state.handlers = [:] }
            return state.handlers.sorted { $0.key < $1.key }.map(\.value)
        }
        for handler in handlers { handler() }
    }
}
