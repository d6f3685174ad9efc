import Synchronization

/// A one-time event one task can wait for: signalled or cancelled exactly once, in any order relative to
/// the wait.
package final class OneShotSignal: Sendable {
    private enum State {
        case idle
        case waiting(CheckedContinuation<Void, any Error>)
        case signalled
        case cancelled
    }

    private let state = Mutex(State.idle)

    /// Creates an unsignalled event.
    package init() {}

    /// Suspends until ``signal()``; returns at once if it already happened.
    ///
    /// - Throws: `CancellationError` after ``cancel()``.
    package func wait() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let outcome: Result<Void, any Error>? = state.withLock { state in
                switch state {
                case .idle:
                    state = .waiting(continuation)
                    return nil
                case .signalled: return .success(())
                case .cancelled: return .failure(CancellationError())
                case .waiting: fatalError("OneShotSignal supports a single waiter")
                }
            }
            if let outcome { continuation.resume(with: outcome) }
        }
    }

    /// Wakes the waiter (now or when it arrives).
    package func signal() { finish(.signalled) }

    /// Fails the waiter with `CancellationError` unless it was already signalled.
    package func cancel() { finish(.cancelled) }

    private func finish(_ final: State) {
        let continuation: CheckedContinuation<Void, any Error>? = state.withLock { state in
            switch state {
            case .idle:
                state = final
                return nil
            case .waiting(let continuation):
                state = final
                return continuation
            case .signalled, .cancelled:
                return nil
            }
        }
        guard let continuation else { return }
        if case .signalled = final {
            continuation.resume()
        } else {
            continuation.resume(throwing: CancellationError())
        }
    }
}
