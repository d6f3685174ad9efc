import NetCore
import Synchronization

/// The thread-safe handle through which shutdown requests reach a running server's loops.
///
/// Graceful shutdown can be requested from any thread (a signal handler's task, ``HTTPServer``'s
/// ``HTTPServer/shutdownGracefully()``, the lifecycle's shutdown handler) before, during or after start.
final class ServerController: Sendable {
    private struct State {
        var loops: [LoopBound<ServerLoop>] = []
        var isShutdownRequested = false
        var shutdownWaiter: CheckedContinuation<Void, any Error>?
        var isWaiterCancelled = false
    }

    private let state = Mutex(State())

    /// The running loops; a shutdown requested earlier is applied to them at once.
    func install(_ loops: [LoopBound<ServerLoop>]) {
        let shutdown = state.withLock { state -> Bool in
            state.loops = loops
            return state.isShutdownRequested
        }
        if shutdown { beginShutdown(on: loops) }
    }

    var loops: [LoopBound<ServerLoop>] { state.withLock { $0.loops } }

    var isShutdownRequested: Bool { state.withLock { $0.isShutdownRequested } }

    /// Starts graceful shutdown (idempotent).
    func requestShutdown() {
        let (loops, waiter) = state.withLock {
            state -> ([LoopBound<ServerLoop>], CheckedContinuation<Void, any Error>?) in
            guard !state.isShutdownRequested else { return ([], nil) }
            state.isShutdownRequested = true
            defer { state.shutdownWaiter = nil }
            return (state.loops, state.shutdownWaiter)
        }
        beginShutdown(on: loops)
        waiter?.resume()
    }

    /// Closes every connection now (the grace period is over or the server task was cancelled).
    func closeAllConnections() {
        for loop in loops {
            loop.eventLoop.execute { loop.value.closeAllConnections() }
        }
    }

    /// Suspends until shutdown is requested.
    ///
    /// - Throws: `CancellationError` if the task is cancelled first.
    func waitForShutdownRequest() async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = state.withLock { state -> Result<Void, any Error>? in
                    if state.isShutdownRequested { return .success(()) }
                    if state.isWaiterCancelled { return .failure(CancellationError()) }
                    state.shutdownWaiter = continuation
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>? in
                state.isWaiterCancelled = true
                defer { state.shutdownWaiter = nil }
                return state.shutdownWaiter
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    private func beginShutdown(on loops: [LoopBound<ServerLoop>]) {
        for loop in loops {
            loop.eventLoop.execute { loop.value.beginShutdown() }
        }
    }
}
