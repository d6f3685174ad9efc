/// Why a ``ConnectionPool`` could not lease a connection.
///
/// `description` is safe to log; it includes the underlying connection error's description, which the
/// connection type must keep free of secrets.
package struct ConnectionPoolError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case acquireTimeout
            case connectionFailed
            case poolShutdown
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// No connection became available within the configured acquire timeout.
        package static let acquireTimeout = Code(.acquireTimeout)
        /// The pool could not open a connection; ``ConnectionPoolError/underlying`` holds the factory's error.
        package static let connectionFailed = Code(.connectionFailed)
        /// The pool is shutting down or has shut down.
        package static let poolShutdown = Code(.poolShutdown)

        /// The code's name, such as `acquireTimeout`.
        package var description: String { base.rawValue }
    }

    /// The kind of failure.
    package var code: Code
    /// The connection factory's error, for ``Code/connectionFailed``.
    package var underlying: (any Error)?

    /// Creates an error.
    package init(_ code: Code, underlying: (any Error)? = nil) {
        self.code = code
        self.underlying = underlying
    }

    /// A log-safe summary.
    package var description: String {
        switch code {
        case .acquireTimeout: "connection pool: timed out waiting for a connection"
        case .poolShutdown: "connection pool: shut down"
        default: "connection pool: could not connect: \(underlying.map { String(describing: $0) } ?? "unknown error")"
        }
    }
}
