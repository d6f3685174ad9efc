/// The decisions of a ``ConnectionPool``, as a pure value: events in, ``Action``s out.
///
/// The state machine owns no locks, threads, tasks or clocks. Its driver (``ConnectionPool``) calls one
/// `mutating` event method under its lock, passing the current time, and performs the returned ``Action``
/// after unlocking: resume waiters, create or close connections, start timers. That makes every policy here —
/// FIFO waiters, LIFO idle connections, the size limits, acquire and idle timeouts, backoff after failed
/// connection attempts and shutdown — testable with plain values and a made-up clock.
///
/// Invariants:
/// - at most ``ConnectionPoolConfiguration/maximumConnections`` connections exist (starting, idle, leased or
///   closing);
/// - a request waits only while no idle connection exists, and every request ends exactly once (lease,
///   failure or cancellation);
/// - while attempts are backing off and no connection exists at all, requests fail at once with the last
///   connection error (fail fast when the server is down), instead of waiting for the acquire timeout.
package struct PoolStateMachine<Connection: PooledConnection, Clock: _Concurrency.Clock>: Sendable
where Clock.Duration == Duration {
    /// A point in time of the pool's clock.
    package typealias Instant = Clock.Instant
    /// The identifier of one lease request, chosen by the driver.
    package typealias RequestID = Int

    enum Slot: Sendable {
        case starting
        case idle(Connection, since: Instant)
        case leased(Connection)
        case closing
    }

    enum Lifecycle: Sendable {
        case running
        case shuttingDown
        case shutDown
    }

    /// The configuration the pool was created with.
    package let configuration: ConnectionPoolConfiguration
    var slots: [ConnectionID: Slot] = [:]
    /// Idle connections, the longest idle first; leases take from the end (the most recently used, warmest).
    var idleStack: [ConnectionID] = []
    var requests = RequestQueue<Instant>()
    var nextConnectionID: ConnectionID = 0
    var startingCount = 0
    var consecutiveFailures = 0
    var backoffUntil: Instant?
    var lastError: (any Error)?
    var lifecycle = Lifecycle.running
    /// Timers the driver is running and that have not fired yet.
    var pendingTimers: [Instant] = []

    /// Creates a state machine with no connections.
    package init(configuration: ConnectionPoolConfiguration) {
        precondition(configuration.maximumConnections >= 1, "maximumConnections must be at least 1")
        precondition(configuration.minimumConnections >= 0, "minimumConnections must not be negative")
        self.configuration = configuration
    }

    // MARK: Inspection

    /// The number of connections that exist: starting, idle, leased or closing.
    package var connectionCount: Int { slots.count }
    /// The number of idle connections.
    package var idleCount: Int { idleStack.count }
    /// The number of requests waiting for a connection.
    package var waitingCount: Int { requests.count }
    /// Whether the pool has finished shutting down.
    package var isShutDown: Bool { lifecycle == .shutDown }

    // MARK: Events

    /// The pool starts: opens ``ConnectionPoolConfiguration/minimumConnections``.
    package mutating func start(now: Instant) -> Action {
        var action = Action()
        ensureMinimum(now: now, into: &action)
        return action
    }

    /// The fast path of a lease: returns the warmest idle connection, now leased, if one exists and nobody is
    /// waiting; otherwise `nil`, and the caller makes a ``leaseRequested(_:now:)`` event.
    package mutating func leaseIdleConnection() -> Connection? {
        guard lifecycle == .running, requests.isEmpty else { return nil }
        return popIdle()
    }

    /// A caller asks for a connection.
    package mutating func leaseRequested(_ request: RequestID, now: Instant) -> Action {
        var action = Action()
        guard lifecycle == .running else {
            action.failures.append((request, ConnectionPoolError(.poolShutdown)))
            return action
        }
        if requests.isEmpty, let connection = popIdle() {
            action.leases.append((request, connection))
            return action
        }
        if slots.isEmpty, isBackingOff(now: now) {
            action.failures.append((request, ConnectionPoolError(.connectionFailed, underlying: lastError)))
            return action
        }
        let deadline = now.advanced(by: configuration.acquireTimeout)
        requests.append(request, deadline: deadline)
        createConnectionsForRequests(now: now, into: &action)
        schedule(deadline, into: &action)
        return action
    }

    /// A waiting caller was cancelled; it is failed with `CancellationError` if it was still waiting.
    package mutating func leaseCancelled(_ request: RequestID) -> Action {
        var action = Action()
        if requests.remove(request) {
            action.failures.append((request, CancellationError()))
        }
        return action
    }

    /// A caller gives back a leased connection.
    package mutating func released(_ connection: Connection, now: Instant) -> Action {
        var action = Action()
        guard case .leased = slots[connection.id] else { return action }  // it closed while leased
        guard lifecycle == .running else {
            slots[connection.id] = .closing
            action.connectionsToClose.append(connection)
            return action
        }
        if let request = requests.popFirst() {
            action.leases.append((request, connection))
            return action
        }
        makeIdle(connection, now: now, into: &action)
        return action
    }

    /// The factory created connection `connection.id`.
    package mutating func connectionEstablished(_ connection: Connection, now: Instant) -> Action {
        var action = Action()
        guard case .starting = slots[connection.id] else {
            preconditionFailure("connection \(connection.id) established but was not starting")
        }
        startingCount -= 1
        consecutiveFailures = 0
        backoffUntil = nil
        lastError = nil
        guard lifecycle == .running else {
            slots[connection.id] = .closing
            action.connectionsToClose.append(connection)
            return action
        }
        if let request = requests.popFirst() {
            slots[connection.id] = .leased(connection)
            action.leases.append((request, connection))
            createConnectionsForRequests(now: now, into: &action)
        } else {
            makeIdle(connection, now: now, into: &action)
        }
        return action
    }

    /// The factory failed to create connection `id`.
    ///
    /// Starts (or lengthens) the backoff. If no connection exists any more, every waiting request fails with
    /// this error rather than waiting for a connection that cannot come.
    package mutating func connectionFailed(_ id: ConnectionID, error: any Error, now: Instant) -> Action {
        var action = Action()
        guard case .starting = slots.removeValue(forKey: id) else {
            preconditionFailure("connection \(id) failed but was not starting")
        }
        startingCount -= 1
        consecutiveFailures += 1
        lastError = error
        let retryAt = now.advanced(by: configuration.backoff(afterFailures: consecutiveFailures))
        backoffUntil = retryAt
        guard lifecycle == .running else {
            completeShutdownIfDone(into: &action)
            return action
        }
        if slots.isEmpty {
            for request in requests.removeAll() {
                action.failures.append((request, ConnectionPoolError(.connectionFailed, underlying: error)))
            }
        }
        if !requests.isEmpty || slots.count < configuration.minimumConnections {
            schedule(retryAt, into: &action)
        }
        return action
    }

    /// Connection `id` has closed, because the pool closed it or because it broke.
    package mutating func connectionClosed(_ id: ConnectionID, now: Instant) -> Action {
        var action = Action()
        guard let slot = slots.removeValue(forKey: id) else { return action }
        switch slot {
        case .idle:
            idleStack.removeAll { $0 == id }
        case .starting:
            startingCount -= 1
        case .leased, .closing:
            break
        }
        guard lifecycle == .running else {
            completeShutdownIfDone(into: &action)
            return action
        }
        createConnectionsForRequests(now: now, into: &action)
        ensureMinimum(now: now, into: &action)
        return action
    }

    /// Starts shutting down: fails every waiting request, closes idle connections, and closes leased ones when
    /// they are released. ``Action/isShutdownComplete`` is set by the event after which nothing is open.
    package mutating func shutdown() -> Action {
        var action = Action()
        guard lifecycle == .running else { return action }
        lifecycle = .shuttingDown
        for request in requests.removeAll() {
            action.failures.append((request, ConnectionPoolError(.poolShutdown)))
        }
        for id in idleStack {
            guard case .idle(let connection, _) = slots[id] else { continue }
            slots[id] = .closing
            action.connectionsToClose.append(connection)
        }
        idleStack.removeAll()
        completeShutdownIfDone(into: &action)
        return action
    }

    // MARK: Helpers

    func isBackingOff(now: Instant) -> Bool {
        guard let backoffUntil else { return false }
        return now < backoffUntil
    }

    mutating func popIdle() -> Connection? {
        guard let id = idleStack.popLast() else { return nil }
        guard case .idle(let connection, _) = slots[id] else {
            preconditionFailure("idle stack holds connection \(id) that is not idle")
        }
        slots[id] = .leased(connection)
        return connection
    }

    mutating func makeIdle(_ connection: Connection, now: Instant, into action: inout Action) {
        slots[connection.id] = .idle(connection, since: now)
        idleStack.append(connection.id)
        if slots.count > configuration.minimumConnections {
            schedule(now.advanced(by: configuration.idleTimeout), into: &action)
        }
    }

    /// Starts connections for waiting requests that no starting connection will serve, within the limits.
    mutating func createConnectionsForRequests(now: Instant, into action: inout Action) {
        while lifecycle == .running, startingCount < requests.count,
            slots.count < configuration.maximumConnections, !isBackingOff(now: now)
        {
            action.connectionsToCreate.append(makeSlot())
        }
    }

    mutating func ensureMinimum(now: Instant, into action: inout Action) {
        while lifecycle == .running, slots.count < configuration.minimumConnections, !isBackingOff(now: now) {
            action.connectionsToCreate.append(makeSlot())
        }
    }

    mutating func makeSlot() -> ConnectionID {
        let id = nextConnectionID
        nextConnectionID += 1
        slots[id] = .starting
        startingCount += 1
        return id
    }

    mutating func completeShutdownIfDone(into action: inout Action) {
        if lifecycle == .shuttingDown, slots.isEmpty {
            lifecycle = .shutDown
            pendingTimers.removeAll()
            action.isShutdownComplete = true
        }
    }
}
