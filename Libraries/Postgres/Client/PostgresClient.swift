import ConnectionPool
import LifecycleKit
package import LogKit

/// The PostgreSQL client a service uses: a pool of connections, queries, transactions and LISTEN/NOTIFY.
///
/// The client is a ``Service``: it must be running (`run()`, usually in the process's `ServiceGroup`) for the
/// pool to open connections; queries made before it starts wait. On graceful shutdown or cancellation it stops
/// handing out connections, lets leased ones finish, and closes everything.
///
/// ```swift
/// let client = PostgresClient(configuration: configuration, logger: logger)
/// // in the ServiceGroup: client.run()
/// let rows = try await client.query("SELECT id, title FROM catalog.paylinks WHERE seller_id = \(seller)")
/// try await client.withTransaction { tx in
///     try await tx.execute("UPDATE payments.balances SET amount = amount - \(fee) WHERE seller_id = \(seller)")
///     try await tx.execute("INSERT INTO payments.ledger (seller_id, amount) VALUES (\(seller), \(-fee))")
/// }
/// ```
///
/// Failure behaviour: connections that break (server restart) are dropped and replaced on demand. While the
/// server is unreachable, queries fail fast with ``PostgresError/Code/connectionFailed`` (after at most one
/// connect attempt per backoff period) rather than waiting for the acquire timeout, and succeed again once it
/// is back.
package final class PostgresClient: Sendable {
    /// The configuration the client was created with.
    package let configuration: Configuration
    let pool: ConnectionPool<PostgresConnection, ContinuousClock>
    let listener: PostgresListener
    let logger: Logger

    /// Creates a client; it connects once ``run()`` runs.
    package init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.pool = ConnectionPool(configuration: configuration.pool, logger: logger) { id in
            try await PostgresConnection.connect(configuration: configuration, id: id, logger: logger)
        }
        self.listener = PostgresListener(configuration: configuration, logger: logger)
    }

    /// Runs the pool (and the LISTEN connection, once something listens) until graceful shutdown or
    /// cancellation, then closes every connection. Call it once.
    package func run() async throws {
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await withDiscardingTaskGroup { group in
                    group.addTask { await self.pool.run() }
                    group.addTask { await self.listener.run() }
                }
            } onGracefulShutdown: {
                self.shutdown()
            }
        } onCancel: {
            shutdown()
        }
    }

    /// Starts shutting down: new requests fail with `poolShutdown`, leased connections close when released,
    /// notification sequences end. ``run()`` returns when everything is closed.
    package func shutdown() {
        pool.shutdown()
        listener.shutdown()
    }

    // MARK: Connections

    /// Leases a connection for the duration of `body`.
    ///
    /// - Throws: ``PostgresError`` (`acquireTimeout`, `connectionFailed`, `poolShutdown`) or what `body` throws.
    package func withConnection<Result>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        let connection = try await leaseConnection()
        defer { pool.releaseConnection(connection) }
        return try await body(connection)
    }

    /// Runs `body` in a transaction on one connection: `BEGIN`, then `COMMIT` if `body` returns.
    ///
    /// If `body` throws — or the task is cancelled — the transaction is rolled back (`ROLLBACK` runs even
    /// when cancelled) and the error rethrown; a connection whose `ROLLBACK` fails is closed. If `COMMIT`
    /// reports that the server rolled back (a statement failed and `body` caught the error), the call throws
    /// ``PostgresError/Code/transactionRolledBack``.
    ///
    /// - Parameter isolation: for example `"ISOLATION LEVEL SERIALIZABLE"`, appended to `BEGIN`.
    package func withTransaction<Result>(
        isolation: String? = nil,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await withConnection { connection in
            try await connection.withTransaction(isolation: isolation, body)
        }
    }

    /// Runs `query` on a pooled connection and returns all its rows (buffered; see ``PostgresRows``).
    ///
    /// - Throws: ``PostgresError``, `CancellationError`.
    package func query(_ query: PostgresQuery) async throws -> PostgresRows {
        try await withConnection { try await $0.query(query) }
    }

    /// Runs `query` on a pooled connection and returns the number of rows it affected.
    ///
    /// - Throws: ``PostgresError``, `CancellationError`.
    @discardableResult
    package func execute(_ query: PostgresQuery) async throws -> Int {
        try await withConnection { try await $0.execute(query) }
    }

    /// Runs a prepared statement on a pooled connection and decodes its rows.
    ///
    /// - Throws: ``PostgresError``, `CancellationError`, or what the statement's `decodeRow` throws.
    package func execute<Statement: PreparedStatement>(_ statement: Statement) async throws -> [Statement.Row] {
        try await withConnection { try await $0.execute(statement) }
    }

    /// Runs a prepared statement on a pooled connection and returns the number of rows it affected.
    ///
    /// - Throws: ``PostgresError``, `CancellationError`.
    @discardableResult
    package func executeUpdate<Statement: PreparedStatement>(_ statement: Statement) async throws -> Int {
        try await withConnection { try await $0.executeUpdate(statement) }
    }

    /// Leases a connection, translating pool errors into ``PostgresError``.
    private func leaseConnection() async throws -> PostgresConnection {
        do {
            return try await pool.leaseConnection()
        } catch let error as ConnectionPoolError {
            switch error.code {
            case .acquireTimeout:
                throw PostgresError(.acquireTimeout, message: "no connection became free in time", underlying: error)
            case .poolShutdown:
                throw PostgresError(.poolShutdown, message: "the client is shut down", underlying: error)
            default:
                if let underlying = error.underlying as? PostgresError { throw underlying }
                throw PostgresError(.connectionFailed, message: "could not connect", underlying: error.underlying)
            }
        }
    }
}

extension PostgresClient: Service {}
