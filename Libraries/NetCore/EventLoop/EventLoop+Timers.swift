/// Identifies a timer scheduled on an ``EventLoop``, for ``EventLoop/cancelTask(_:)``.
package struct TimerID: Hashable, Sendable {
    let rawValue: UInt64
}

extension EventLoop {
    /// Runs `action` on the loop at `deadline` (at once, on the next iteration, if it has passed).
    ///
    /// On the loop. Timers with the same deadline fire in the order they were scheduled.
    @discardableResult
    package func scheduleTask(at deadline: Deadline, _ action: @escaping () -> Void) -> TimerID {
        preconditionInEventLoop()
        let id = core.timers.insert(deadline: deadline, action: action)
        if deadline <= core.now { wakeSelf() }
        return TimerID(rawValue: id)
    }

    /// Runs `action` on the loop after `delay`. On the loop.
    @discardableResult
    package func scheduleTask(in delay: Duration, _ action: @escaping () -> Void) -> TimerID {
        scheduleTask(at: Deadline.now() + delay, action)
    }

    /// Cancels a timer that has not fired yet; returns whether it was still pending. On the loop.
    @discardableResult
    package func cancelTask(_ id: TimerID) -> Bool {
        preconditionInEventLoop()
        return core.timers.remove(id: id.rawValue)
    }

    /// The number of timers not yet fired. On the loop.
    package var scheduledTaskCount: Int {
        preconditionInEventLoop()
        return core.timers.count
    }

    /// Makes sure the loop passes through its timer check soon (the timerfd is re-armed every iteration).
    private func wakeSelf() {
        core.pending.append(.closure({}))
    }
}
