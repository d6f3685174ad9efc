/// The lifecycle and command queue of a ``CurlMultiEngine``, with no locks or I/O.
///
/// Callers on any thread submit jobs, cancel them and ask for shutdown; the engine thread drains the
/// queue on each turn of its loop. `Waiter` is whatever resumes a caller of `shutdown()` (a continuation in
/// production, a plain value in tests).
struct CurlEngineStateMachine<Waiter> {
    /// Work for the engine thread, in submission order.
    enum Command {
        case add(CurlJob)
        case cancel(CurlJobID)
    }

    enum SubmitAction: Equatable {
        /// The job is queued; wake the engine thread (it was idle or may be polling).
        case wakeEngine
        /// The job is queued behind others; the engine has already been woken.
        case none
        /// The engine is shutting down or stopped; fail the job with `shutdown`.
        case reject
    }

    enum CancelAction {
        /// The cancel is queued for the running transfer; wake the engine thread.
        case wakeEngine
        /// Nothing to do: the job was still queued and has been dropped, or the engine is stopping anyway.
        case none
    }

    enum ShutdownAction {
        /// First request: wake the engine thread so it stops.
        case wakeEngine
        /// Already stopping; the waiter (if any) is resumed when the thread exits.
        case none
        /// Already stopped: resume this waiter now.
        case resume(Waiter?)
    }

    enum DrainAction {
        /// Run these commands, then turn the loop.
        case run([Command])
        /// Stop: fail these never-started jobs with `shutdown`, tear down and call ``engineStopped()``.
        case stop(abandoned: [CurlJob])
    }

    private enum State {
        case running(pending: [Command])
        case stopRequested(pending: [Command], waiters: [Waiter])
        case tearingDown(waiters: [Waiter])
        case stopped
    }

    private var state: State = .running(pending: [])

    init() {}

    /// Whether new jobs are still accepted.
    var isAcceptingJobs: Bool {
        if case .running = state { return true }
        return false
    }

    mutating func submit(_ job: CurlJob) -> SubmitAction {
        guard case .running(var pending) = state else { return .reject }
        let wasEmpty = pending.isEmpty
        pending.append(.add(job))
        state = .running(pending: pending)
        return wasEmpty ? .wakeEngine : .none
    }

    mutating func cancel(_ id: CurlJobID) -> CancelAction {
        guard case .running(var pending) = state else { return .none }
        if let index = pending.firstIndex(where: { if case .add(let job) = $0 { job.id == id } else { false } }) {
            pending.remove(at: index)
            state = .running(pending: pending)
            return .none
        }
        let wasEmpty = pending.isEmpty
        pending.append(.cancel(id))
        state = .running(pending: pending)
        return wasEmpty ? .wakeEngine : .none
    }

    mutating func shutdown(waiter: Waiter?) -> ShutdownAction {
        switch state {
        case .running(let pending):
            state = .stopRequested(pending: pending, waiters: waiter.map { [$0] } ?? [])
            return .wakeEngine
        case .stopRequested(let pending, var waiters):
            if let waiter { waiters.append(waiter) }
            state = .stopRequested(pending: pending, waiters: waiters)
            return .none
        case .tearingDown(var waiters):
            if let waiter { waiters.append(waiter) }
            state = .tearingDown(waiters: waiters)
            return .none
        case .stopped:
            return .resume(waiter)
        }
    }

    /// Called by the engine thread at the top of each loop turn.
    mutating func drain() -> DrainAction {
        switch state {
        case .running(let pending):
            state = .running(pending: [])
            return .run(pending)
        case .stopRequested(let pending, let waiters):
            state = .tearingDown(waiters: waiters)
            return .stop(abandoned: pending.compactMap { if case .add(let job) = $0 { job } else { nil } })
        case .tearingDown, .stopped:
            return .stop(abandoned: [])
        }
    }

    /// Called by the engine thread once every transfer has been failed and the multi handle cleaned up;
    /// returns the `shutdown()` callers to resume.
    mutating func engineStopped() -> [Waiter] {
        let waiters: [Waiter]
        switch state {
        case .stopRequested(_, let queued), .tearingDown(let queued): waiters = queued
        case .running, .stopped: waiters = []
        }
        state = .stopped
        return waiters
    }
}
