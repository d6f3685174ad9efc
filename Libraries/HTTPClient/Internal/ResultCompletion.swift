import Synchronization

/// Delivers one `Result` to one waiting task exactly once, whichever side comes first.
///
/// The waiter installs its continuation with ``wait(_:)``; the engine thread or a cancellation handler
/// calls ``complete(_:)``. The first completion wins and later ones are ignored; a completion that
/// arrives before the waiter is kept and handed over as soon as it waits.
///
/// Threading: thread-safe; continuations are resumed outside the lock.
final class ResultCompletion<Success: Sendable, Failure: Error>: Sendable {
    typealias Continuation = CheckedContinuation<Result<Success, Failure>, Never>

    private enum State {
        case idle
        case waiting(Continuation)
        case completedEarly(Result<Success, Failure>)
        case done
    }

    private let state = Mutex(State.idle)

    init() {}

    /// Whether a result has been delivered or stored.
    var isCompleted: Bool {
        state.withLock { state in
            switch state {
            case .idle, .waiting: false
            case .completedEarly, .done: true
            }
        }
    }

    /// Installs the waiter. Returns `true` if it now waits, `false` if it was resumed at once with a
    /// result that arrived earlier.
    func wait(_ continuation: Continuation) -> Bool {
        let early: Result<Success, Failure>? = state.withLock { state in
            switch state {
            case .idle:
                state = .waiting(continuation)
                return nil
            case .completedEarly(let result):
                state = .done
                return result
            case .waiting, .done:
                preconditionFailure("ResultCompletion.wait called twice")
            }
        }
        guard let early else { return true }
        continuation.resume(returning: early)
        return false
    }

    /// Delivers the result if none was delivered yet; returns whether this call won.
    @discardableResult
    func complete(_ result: Result<Success, Failure>) -> Bool {
        let continuation: Continuation?? = state.withLock { state in
            switch state {
            case .idle:
                state = .completedEarly(result)
                return .some(nil)
            case .waiting(let continuation):
                state = .done
                return .some(continuation)
            case .completedEarly, .done:
                return nil
            }
        }
        guard let continuation else { return false }
        continuation?.resume(returning: result)
        return true
    }
}
