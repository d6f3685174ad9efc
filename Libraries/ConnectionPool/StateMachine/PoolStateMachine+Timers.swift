extension PoolStateMachine {
    /// A timer the driver started for `deadline` has fired at `now`.
    ///
    /// Fails requests whose acquire deadline has passed, closes connections idle for longer than the idle
    /// timeout (down to the minimum), retries connection attempts whose backoff has ended, and asks for the next
    /// timer.
    package mutating func timerFired(_ deadline: Instant, now: Instant) -> Action {
        var action = Action()
        if let index = pendingTimers.firstIndex(of: deadline) {
            pendingTimers.remove(at: index)
        }
        guard lifecycle == .running else { return action }

        while let first = requests.first, first.deadline <= now {
            _ = requests.popFirst()
            action.failures.append((first.id, ConnectionPoolError(.acquireTimeout)))
        }

        while slots.count > configuration.minimumConnections, let oldest = idleStack.first,
            case .idle(let connection, let since) = slots[oldest],
            since.advanced(by: configuration.idleTimeout) <= now
        {
            idleStack.removeFirst()
            slots[oldest] = .closing
            action.connectionsToClose.append(connection)
        }

        createConnectionsForRequests(now: now, into: &action)
        ensureMinimum(now: now, into: &action)
        scheduleNextDeadline(now: now, into: &action)
        return action
    }

    /// Asks for a timer at the earliest moment something is due, unless one is already pending by then.
    mutating func scheduleNextDeadline(now: Instant, into action: inout Action) {
        if let first = requests.first {
            schedule(first.deadline, into: &action)
        }
        if slots.count > configuration.minimumConnections, let oldest = idleStack.first,
            case .idle(_, let since) = slots[oldest]
        {
            schedule(since.advanced(by: configuration.idleTimeout), into: &action)
        }
        if let backoffUntil, now < backoffUntil,
            !requests.isEmpty || slots.count < configuration.minimumConnections
        {
            schedule(backoffUntil, into: &action)
        }
    }

    /// Adds a timer for `deadline` unless a pending timer fires no later than it (that timer's event will
    /// schedule the next one).
    mutating func schedule(_ deadline: Instant, into action: inout Action) {
        guard !pendingTimers.contains(where: { $0 <= deadline }) else { return }
        pendingTimers.append(deadline)
        action.timers.append(deadline)
    }
}
