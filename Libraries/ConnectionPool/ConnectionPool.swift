package import LogKit
import Synchronization

/// A generic pool of connections: leases them to callers, creates them on demand through a factory, and closes
/// them when idle, broken or shutting down.
///
/// The decisions live in the pure ``PoolStateMachine``; this class serialises events under a `Mutex`, stores
/// the continuations of waiting callers, and performs the resulting actions after unlocking. Connection
/// creation and timers run as child tasks of ``run()``, which must be running for the pool to open
/// connections or time out waiters (requests made before it starts wait until it does).
///
/// ```swift
/// let pool = ConnectionPool(configuration: .init(maximumConnections: 5), logger: logger) { id in
///     try await MyConnection.connect(id: id)
/// }
/// try await withThrowingDiscardingTaskGroup { group in
///     group.addTask { await pool.run() }
///     try await pool.withConnection { connection in … }
///     pool.shutdown()
/// }
/// ```
///
/// Threading: every method may be called from any thread or task; none blocks. Each waiting caller is resumed
/// exactly once, with a connection, an error, or `CancellationError` when its task is cancelled.
package final class ConnectionPool<Connection: PooledConnection, Clock: _Concurrency.Clock>: Sendable
where Clock.Duration == Duration {
    /// Opens a new connection with the given identifier, or throws why it could not.
    package typealias ConnectionFactory = @Sendable (ConnectionID) async throws -> Connection

    typealias StateMachine = PoolStateMachine<Connection, Clock>

    struct State: ~Copyable {
        var machine: StateMachine
        var waiters: [StateMachine.RequestID: CheckedContinuation<Connection, any Error>] = [:]
        var isRunning = false
    }

    enum RunCommand: Sendable {
        case create(ConnectionID)
        case timer(Clock.Instant)
    }

    /// The configuration the pool was created with.
    package let configuration: ConnectionPoolConfiguration
    let factory: ConnectionFactory
    let clock: Clock
    let logger: Logger
    let state: Mutex<State>
    private let nextRequestID = Atomic<Int>(0)
    private let commands: AsyncStream<RunCommand>
    let commandSink: AsyncStream<RunCommand>.Continuation

    /// Creates a pool; it opens no connection until ``run()`` starts.
    ///
    /// - Parameters:
    ///   - configuration: sizes and time limits.
    ///   - clock: the clock for deadlines (tests pass a manual clock).
    ///   - logger: receives debug records about connection creation and failures.
    ///   - factory: opens one connection; it runs as a child task of ``run()`` and should honour cancellation.
    package init(
        configuration: ConnectionPoolConfiguration,
        clock: Clock,
        logger: Logger,
        factory: @escaping ConnectionFactory
    ) {
        self.configuration = configuration
        self.factory = factory
        self.clock = clock
        self.logger = logger
        self.state = Mutex(State(machine: StateMachine(configuration: configuration)))
        (self.commands, self.commandSink) = AsyncStream.makeStream(of: RunCommand.self)
    }

    /// Runs the pool: opens the minimum connections, then creates connections and runs timers as the pool asks.
    ///
    /// Returns after ``shutdown()`` once every connection is closed, or soon after the task is cancelled (which
    /// also shuts the pool down; connections still leased are closed when released). Call it once.
    package func run() async {
        let action = state.withLock { state in
            precondition(!state.isRunning, "ConnectionPool.run() called twice")
            state.isRunning = true
            return state.machine.start(now: clock.now)
        }
        await withTaskCancellationHandler {
            await withDiscardingTaskGroup { group in
                perform(action)
                for await command in commands {
                    switch command {
                    case .create(let id):
                        group.addTask { await self.createConnection(id) }
                    case .timer(let deadline):
                        group.addTask {
                            guard (try? await self.clock.sleep(until: deadline, tolerance: nil)) != nil else { return }
                            self.modify { machine, now in machine.timerFired(deadline, now: now) }
                        }
                    }
                }
                group.cancelAll()
            }
        } onCancel: {
            shutdown()
        }
    }

    /// Leases a connection, waiting up to the acquire timeout for one to become available.
    ///
    /// Give it back with ``releaseConnection(_:)`` — or use ``withConnection(_:)``, which does.
    ///
    /// - Throws: ``ConnectionPoolError`` (`acquireTimeout`, `connectionFailed` with the factory's error,
    ///   `poolShutdown`), or `CancellationError` if the task is cancelled while waiting.
    package func leaseConnection() async throws -> Connection {
        if let connection = state.withLock({ $0.machine.leaseIdleConnection() }) {
            return connection
        }
        let request = nextRequestID.wrappingAdd(1, ordering: .relaxed).oldValue
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Connection, any Error>) in
                let action = state.withLock { state in
                    state.waiters[request] = continuation
                    var action = state.machine.leaseRequested(request, now: clock.now)
                    if Task.isCancelled {
                        let cancelled = state.machine.leaseCancelled(request)
                        action.failures += cancelled.failures
                    }
                    return collect(action, in: &state)
                }
                run(action)
            }
        } onCancel: {
            modify { machine, _ in machine.leaseCancelled(request) }
        }
    }

    /// Gives back a connection leased from this pool; the next waiting caller gets it, or it becomes idle.
    package func releaseConnection(_ connection: Connection) {
        modify { machine, now in machine.released(connection, now: now) }
    }

    /// Leases a connection for the duration of `body`, releasing it however `body` ends.
    ///
    /// - Throws: what ``leaseConnection()`` or `body` throws.
    package func withConnection<Result>(_ body: (Connection) async throws -> Result) async throws -> Result {
        let connection = try await leaseConnection()
        defer { releaseConnection(connection) }
        return try await body(connection)
    }

    /// Starts a graceful shutdown: waiting callers fail with `poolShutdown`, idle connections close now, leased
    /// ones when released; ``run()`` returns once all are closed. Calling it again does nothing.
    package func shutdown() {
        modify { machine, _ in machine.shutdown() }
    }

    /// A snapshot of the pool's counts, for metrics and tests.
    package var statistics: (connections: Int, idle: Int, waiting: Int) {
        state.withLock { ($0.machine.connectionCount, $0.machine.idleCount, $0.machine.waitingCount) }
    }
}

extension ConnectionPool where Clock == ContinuousClock {
    /// Creates a pool that measures time with `ContinuousClock`.
    package convenience init(
        configuration: ConnectionPoolConfiguration,
        logger: Logger,
        factory: @escaping ConnectionFactory
    ) {
        self.init(configuration: configuration, clock: ContinuousClock(), logger: logger, factory: factory)
    }
}
