/// The identifier a ``ConnectionPool`` gives each connection it creates; never reused within a pool.
package typealias ConnectionID = Int

/// A connection that a ``ConnectionPool`` can create, lease and close.
///
/// The pool never performs I/O itself: it asks a factory for connections, hands them out, and calls
/// ``close()`` when it no longer needs one. A connection that breaks on its own (the server went away) reports
/// it through the closure given to ``onClose(_:)``, and the pool forgets it.
///
/// Threading: every requirement may be called from any thread and must not block.
package protocol PooledConnection: AnyObject, Sendable {
    /// The identifier the pool passed to the factory that created this connection.
    var id: ConnectionID { get }

    /// Starts closing the connection; returns at once.
    ///
    /// Calling it again, or on a connection that is already closed, does nothing.
    func close()

    /// Registers `closure` to be called exactly once when the connection has closed, whether through
    /// ``close()`` or because it broke; the error is `nil` for an orderly close.
    ///
    /// If the connection is already closed, `closure` is called at once.
    func onClose(_ closure: @escaping @Sendable ((any Error)?) -> Void)
}
