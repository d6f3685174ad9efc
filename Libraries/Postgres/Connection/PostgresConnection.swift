package import ConnectionPool
package import LogKit
import Synchronization

/// One connection to PostgreSQL, usually leased from a ``PostgresClient``'s pool.
///
/// Requests on one connection run one at a time, in the order they were made. The libpq work happens on the
/// process's Postgres I/O thread (see `PostgresEventLoop`); these methods only suspend, never block.
///
/// ```swift
/// try await client.withConnection { connection in
///     let rows = try await connection.query("SELECT id FROM auth.users WHERE email = \(email)")
/// }
/// ```
///
/// Cancelling the calling task cancels the running statement on the server (`PQcancel`) and throws
/// `CancellationError`.
package final class PostgresConnection: PooledConnection, Sendable {
    /// The identifier its pool gave it.
    package let id: ConnectionID
    let key: Int
    let loop: PostgresEventLoop
    let logger: Logger
    private let nextRequestID = Atomic<Int>(0)

    private init(id: ConnectionID, key: Int, loop: PostgresEventLoop, logger: Logger) {
        self.id = id
        self.key = key
        self.loop = loop
        self.logger = logger
    }

    deinit {
        let key = key
        loop.execute { core in core.connections[key]?.close(error: nil) }
    }

    /// Opens a connection.
    ///
    /// - Parameters:
    ///   - configuration: where to connect; its pool settings are ignored.
    ///   - id: the identifier to report as ``id``.
    ///   - logger: for debug records.
    /// - Throws: ``PostgresError`` with code `connectionFailed` (refused, authentication, TLS, timeout).
    package static func connect(
        configuration: PostgresClient.Configuration,
        id: ConnectionID = 0,
        logger: Logger
    ) async throws -> PostgresConnection {
        let loop = PostgresEventLoop.shared
        let key = loop.makeConnectionKey()
        let parameters = configuration.libpqParameters
        let deadline = ContinuousClock.now.advanced(by: configuration.connectTimeout)
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                loop.execute { core in
                    LibPQConnection.connect(
                        key: key,
                        parameters: parameters,
                        deadline: deadline,
                        core: core,
                        logger: logger,
                        continuation: continuation
                    )
                }
            }
        } onCancel: {
            loop.execute { core in
                core.connections[key]?.close(error: PostgresError(.connectionFailed, message: "connect cancelled"))
            }
        }
        return PostgresConnection(id: id, key: key, loop: loop, logger: logger)
    }

    // MARK: Queries

    /// Runs `query` and returns its rows (all of them, buffered; see ``PostgresRows``).
    ///
    /// - Throws: ``PostgresError`` (`queryFailed` with the SQLSTATE, `connectionClosed`…), `CancellationError`.
    package func query(_ query: PostgresQuery) async throws -> PostgresRows {
        PostgresRows(storage: try await send(.unnamed(query)))
    }

    /// Runs `query` and returns the number of rows it affected (`INSERT`, `UPDATE`, `DELETE`…).
    ///
    /// - Throws: like ``query(_:)``.
    @discardableResult
    package func execute(_ query: PostgresQuery) async throws -> Int {
        try await send(.unnamed(query)).affectedRowCount
    }

    /// Runs a prepared statement (preparing it on this connection first if needed) and decodes its rows.
    ///
    /// - Throws: like ``query(_:)``, plus what ``PreparedStatement/decodeRow(_:)`` throws.
    package func execute<Statement: PreparedStatement>(_ statement: Statement) async throws -> [Statement.Row] {
        let rows = PostgresRows(storage: try await sendPrepared(statement))
        return try rows.map { try statement.decodeRow($0) }
    }

    /// Runs a prepared statement and returns the number of rows it affected.
    ///
    /// - Throws: like ``query(_:)``.
    @discardableResult
    package func executeUpdate<Statement: PreparedStatement>(_ statement: Statement) async throws -> Int {
        try await sendPrepared(statement).affectedRowCount
    }

    /// Runs SQL text with the simple query protocol: several `;`-separated statements, no parameters (for
    /// migrations and session commands). Returns the last statement's result.
    package func executeScript(_ sql: String) async throws -> PostgresRows {
        PostgresRows(storage: try await send(.simple(sql)))
    }

    private func sendPrepared<Statement: PreparedStatement>(_ statement: Statement) async throws -> PostgresRowStorage {
        let name = PreparedStatementNames.name(for: Statement.self)
        return try await send(.prepared(name: name, sql: Statement.sql, bindings: statement.makeBindings()))
    }

    /// Sends a request and waits for its result; with `isCancellable`, task cancellation cancels it.
    func send(_ kind: PostgresRequest.Kind, isCancellable: Bool = true) async throws -> PostgresRowStorage {
        let requestID = nextRequestID.wrappingAdd(1, ordering: .relaxed).oldValue
        let key = key
        let loop = loop
        guard isCancellable else {
            return try await withCheckedThrowingContinuation { continuation in
                let request = PostgresRequest(id: requestID, kind: kind, continuation: continuation)
                loop.execute { core in core.submit(request, to: key) }
            }
        }
        try Task.checkCancellation()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let request = PostgresRequest(id: requestID, kind: kind, continuation: continuation)
                loop.execute { core in core.submit(request, to: key) }
            }
        } onCancel: {
            loop.execute { core in core.connections[key]?.cancel(requestID: requestID) }
        }
    }

    // MARK: Lifecycle

    /// Closes the connection; requests still queued fail with `connectionClosed`. Returns at once.
    package func close() {
        let key = key
        loop.execute { core in core.connections[key]?.close(error: nil) }
    }

    /// Calls `handler` once when the connection has closed (at once if it already has); the error is `nil` for
    /// a close requested with ``close()``. The handler runs on the I/O thread and must be quick.
    package func onClose(_ handler: @escaping @Sendable ((any Error)?) -> Void) {
        let key = key
        loop.execute { core in
            if let connection = core.connections[key] {
                connection.onClose(handler)
            } else {
                handler(nil)
            }
        }
    }

    /// Sets the function called (on the I/O thread) for each notification this connection receives.
    func setNotificationHandler(_ handler: @escaping @Sendable (PostgresNotification) -> Void) {
        let key = key
        loop.execute { core in core.connections[key]?.notificationHandler = handler }
    }
}
