extension PoolStateMachine {
    /// What the driver of the state machine must do after an event, once it has released its lock.
    ///
    /// Most events produce at most one or two of these; empty arrays cost no allocation.
    package struct Action: Sendable {
        /// Requests to complete with a connection, which the state machine now counts as leased to them.
        package var leases: [(request: RequestID, connection: Connection)] = []
        /// Requests to fail (``ConnectionPoolError`` or `CancellationError`).
        package var failures: [(request: RequestID, error: any Error)] = []
        /// Connections to create by calling the factory; report the outcome with
        /// ``PoolStateMachine/connectionEstablished(_:now:)`` or ``PoolStateMachine/connectionFailed(_:error:now:)``.
        package var connectionsToCreate: [ConnectionID] = []
        /// Connections to close; report with ``PoolStateMachine/connectionClosed(_:now:)`` once closed.
        package var connectionsToClose: [Connection] = []
        /// Deadlines at which to call ``PoolStateMachine/timerFired(_:now:)``.
        package var timers: [Instant] = []
        /// Whether the pool has finished shutting down: no connection is left open.
        package var isShutdownComplete = false

        /// An action with nothing to do.
        package init() {}

        /// Whether there is nothing to do.
        package var isEmpty: Bool {
            leases.isEmpty && failures.isEmpty && connectionsToCreate.isEmpty && connectionsToClose.isEmpty
                && timers.isEmpty && !isShutdownComplete
        }
    }
}
