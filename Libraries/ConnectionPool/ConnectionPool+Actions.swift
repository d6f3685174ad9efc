import LogKit
import Synchronization

extension ConnectionPool {
    /// An action with the waiters' continuations already taken out of the state, ready to run unlocked.
    struct CollectedAction: Sendable {
        var resumptions: [(CheckedContinuation<Connection, any Error>, Result<Connection, any Error>)] = []
        var action: PoolStateMachine<Connection, Clock>.Action
    }

    /// Applies one event under the lock and performs its action after unlocking.
    func modify(
        _ event: (inout PoolStateMachine<Connection, Clock>, Clock.Instant) ->
            PoolStateMachine<Connection, Clock>
            .Action
    ) {
        let collected = state.withLock { state in
            let action = event(&state.machine, clock.now)
            return collect(action, in: &state)
        }
        run(collected)
    }

    /// Performs an action that resumes no waiter (the start of the pool).
    func perform(_ action: PoolStateMachine<Connection, Clock>.Action) {
        run(CollectedAction(action: action))
    }

    /// Takes the continuations an action resumes out of the state, so each is resumed exactly once.
    func collect(_ action: PoolStateMachine<Connection, Clock>.Action, in state: inout State) -> CollectedAction {
        var collected = CollectedAction(action: action)
        for (request, connection) in action.leases {
            if let continuation = state.waiters.removeValue(forKey: request) {
                collected.resumptions.append((continuation, .success(connection)))
            } else {
                preconditionFailure("lease for request \(request), which has no waiter")
            }
        }
        for (request, error) in action.failures {
            if let continuation = state.waiters.removeValue(forKey: request) {
                collected.resumptions.append((continuation, .failure(error)))
            }
        }
        return collected
    }

    /// Runs a collected action; called without the lock held.
    func run(_ collected: CollectedAction) {
        for (continuation, result) in collected.resumptions {
            continuation.resume(with: result)
        }
        let action = collected.action
        for connection in action.connectionsToClose {
            connection.close()
        }
        for id in action.connectionsToCreate {
            commandSink.yield(.create(id))
        }
        for deadline in action.timers {
            commandSink.yield(.timer(deadline))
        }
        if action.isShutdownComplete {
            commandSink.finish()
        }
    }

    /// Creates connection `id` with the factory and reports the outcome; a child task of ``run()``.
    func createConnection(_ id: ConnectionID) async {
        do {
            let connection = try await factory(id)
            precondition(connection.id == id, "the connection factory must use the identifier it is given")
            modify { machine, now in machine.connectionEstablished(connection, now: now) }
            connection.onClose { [weak self] _ in
                self?.modify { machine, now in machine.connectionClosed(id, now: now) }
            }
        } catch {
            logger.debug(
                "connection pool: connection attempt failed",
                metadata: [ConnectionPoolLogKeys.connectionID: "\(id)", LogKeys.error: "\(error)"]
            )
            modify { machine, now in machine.connectionFailed(id, error: error, now: now) }
        }
    }
}
