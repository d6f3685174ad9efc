/// Every error the Postgres module throws: a ``Code`` plus what the server and the client know about it.
///
/// ```swift
/// do {
///     try await client.execute("INSERT INTO auth.users (email) VALUES (\(email))")
/// } catch let error as PostgresError where error.isUniqueViolation {
///     // error.constraint == "users_email_key"
/// }
/// ```
///
/// `description` is safe to log: the code, SQLSTATE, constraint and the server's message — except for data
/// exceptions (SQLSTATE class 22), whose messages quote input values. `debugDescription` adds the detail,
/// hint, schema/table/column and the query's SQL text. Bound parameter values appear in neither.
package struct PostgresError: Error, Sendable {
    /// The kind of failure.
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case connectionFailed
            case connectionClosed
            case queryFailed
            case acquireTimeout
            case decoding
            case poolShutdown
            case invalidConfiguration
            case invalidQuery
            case transactionRolledBack
            case unsupported
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// A connection could not be opened (refused, unreachable, TLS or authentication failure, or the
        /// configured connect timeout expired). While the database is down, queries fail fast with this code.
        package static let connectionFailed = Code(.connectionFailed)
        /// An open connection broke (server restart, network failure) or was closed while a query used it.
        package static let connectionClosed = Code(.connectionClosed)
        /// The server rejected the query: see ``PostgresError/sqlState`` and ``PostgresError/serverMessage``.
        /// A statement timeout is a `queryFailed` with SQLSTATE 57014 (``PostgresError/isQueryCanceled``).
        package static let queryFailed = Code(.queryFailed)
        /// No pooled connection became free within the pool's acquire timeout.
        package static let acquireTimeout = Code(.acquireTimeout)
        /// A column could not be decoded as the requested Swift type.
        package static let decoding = Code(.decoding)
        /// The client is shutting down or was never run.
        package static let poolShutdown = Code(.poolShutdown)
        /// The configuration or database URL is invalid.
        package static let invalidConfiguration = Code(.invalidConfiguration)
        /// The query cannot be sent as built (for example, a text parameter containing a NUL byte).
        package static let invalidQuery = Code(.invalidQuery)
        /// `COMMIT` found the transaction already failed, so the server rolled it back.
        package static let transactionRolledBack = Code(.transactionRolledBack)
        /// The server answered with something this client does not handle (such as `COPY`).
        package static let unsupported = Code(.unsupported)

        /// The code's name, such as `queryFailed`.
        package var description: String { base.rawValue }
    }

    /// The kind of failure.
    package var code: Code
    /// The five-character SQLSTATE the server reported, such as `23505`.
    package var sqlState: String?
    /// The server's primary message, or the client's for client-side failures.
    package var serverMessage: String?
    /// The server's detail (may quote data, so only in `debugDescription`).
    package var detail: String?
    /// The server's hint.
    package var hint: String?
    /// The constraint a violation names, such as `users_email_key`.
    package var constraint: String?
    /// The schema of the object involved.
    package var schema: String?
    /// The table involved.
    package var table: String?
    /// The column involved.
    package var column: String?
    /// The SQL text of the query that failed (never its parameter values).
    package var query: String?
    /// The error this one wraps, if any.
    package var underlying: (any Error)?

    /// Creates an error.
    package init(
        _ code: Code,
        message: String? = nil,
        sqlState: String? = nil,
        query: String? = nil,
        underlying: (any Error)? = nil
    ) {
        self.code = code
        self.serverMessage = message
        self.sqlState = sqlState
        self.query = query
        self.underlying = underlying
    }
}

extension PostgresError {
    /// `23505`: a unique constraint or index was violated (``constraint`` names it).
    package var isUniqueViolation: Bool { sqlState == "23505" }
    /// `23503`: a foreign key was violated.
    package var isForeignKeyViolation: Bool { sqlState == "23503" }
    /// `23502`: a NOT NULL column got NULL.
    package var isNotNullViolation: Bool { sqlState == "23502" }
    /// `23514`: a CHECK constraint was violated.
    package var isCheckViolation: Bool { sqlState == "23514" }
    /// `23P01`: an exclusion constraint was violated.
    package var isExclusionViolation: Bool { sqlState == "23P01" }
    /// `40001`: a serializable transaction must be retried.
    package var isSerializationFailure: Bool { sqlState == "40001" }
    /// `40P01`: the transaction was chosen as a deadlock victim and may be retried.
    package var isDeadlockDetected: Bool { sqlState == "40P01" }
    /// `55P03`: a `NOWAIT` lock or `lock_timeout` failed.
    package var isLockNotAvailable: Bool { sqlState == "55P03" }
    /// `57014`: the statement was cancelled, by ``PostgresClient/Configuration/statementTimeout`` or on request.
    package var isQueryCanceled: Bool { sqlState == "57014" }
    /// `57014` because the statement ran longer than the configured statement timeout.
    package var isStatementTimeout: Bool {
        isQueryCanceled && serverMessage?.contains("statement timeout") == true
    }
    /// Whether the connection, rather than the query, failed: retrying on a new connection may succeed.
    package var isConnectionError: Bool {
        code == .connectionFailed || code == .connectionClosed || sqlState?.hasPrefix("08") == true
            || sqlState == "57P01" || sqlState == "57P02" || sqlState == "57P03"
    }
}

extension PostgresError: CustomStringConvertible, CustomDebugStringConvertible {
    /// A one-line summary that is safe to log (see the type's documentation).
    package var description: String {
        var text = "Postgres error: \(code)"
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        if let constraint { text += " constraint \(constraint)" }
        if let message = serverMessage {
            if sqlState?.hasPrefix("22") == true {
                text += ": data exception (message withheld, see debugDescription)"
            } else {
                text += ": \(message)"
            }
        } else if let underlying {
            text += ": \(underlying)"
        }
        return text
    }

    /// Everything known, including the detail and the query's SQL text (but no parameter values).
    package var debugDescription: String {
        var parts = ["code: \(code)"]
        if let sqlState { parts.append("sqlState: \(sqlState)") }
        if let serverMessage { parts.append("message: \(serverMessage)") }
        if let detail { parts.append("detail: \(detail)") }
        if let hint { parts.append("hint: \(hint)") }
        if let constraint { parts.append("constraint: \(constraint)") }
        if let schema { parts.append("schema: \(schema)") }
        if let table { parts.append("table: \(table)") }
        if let column { parts.append("column: \(column)") }
        if let query { parts.append("query: \(query)") }
        if let underlying { parts.append("underlying: \(String(reflecting: underlying))") }
        return "PostgresError(\(parts.joined(separator: ", ")))"
    }
}
