/// Logger metadata keys of the ConnectionPool module (dotted, lowercase).
enum ConnectionPoolLogKeys {
    /// The pool's identifier of a connection.
    static let connectionID = "pool.connection.id"
}
