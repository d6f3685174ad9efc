/// One query on its way to a connection's I/O, with the continuation that receives its result.
struct PostgresRequest: Sendable {
    enum Kind: Sendable {
        /// The extended protocol with the unnamed statement: parse, bind and execute in one round trip.
        case unnamed(PostgresQuery)
        /// A named prepared statement: prepared on first use on the connection, then only executed.
        case prepared(name: String, sql: String, bindings: PostgresBindings)
        /// The simple protocol: no parameters, several statements allowed (migrations, `BEGIN`).
        case simple(String)
    }

    /// Unique per connection, increasing: identifies the request for cancellation.
    let id: Int
    let kind: Kind
    let continuation: CheckedContinuation<PostgresRowStorage, any Error>

    /// The SQL text, for errors.
    var sql: String {
        switch kind {
        case .unnamed(let query): query.sql
        case .prepared(_, let sql, _): sql
        case .simple(let sql): sql
        }
    }

    var bindings: PostgresBindings? {
        switch kind {
        case .unnamed(let query): query.bindings
        case .prepared(_, _, let bindings): bindings
        case .simple: nil
        }
    }

    func fail(_ error: any Error) {
        continuation.resume(throwing: error)
    }
}
