/// Why an ``HTTPServer`` could not run.
package struct HTTPServerError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case alreadyRunning
            case notRunning
            case startFailed
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// ``HTTPServer/run()`` was called on a server that is running or has run.
        package static let alreadyRunning = Code(.alreadyRunning)
        /// The server has stopped (or failed to start), so it has no port.
        package static let notRunning = Code(.notRunning)
        /// Binding or listening failed, or the event loops could not be started.
        package static let startFailed = Code(.startFailed)

        package var description: String { base.rawValue }
    }

    /// The kind of failure.
    package var code: Code
    /// The underlying error, such as an `IOError` for `EADDRINUSE`.
    package var underlying: (any Error)?

    /// Creates an error.
    package init(_ code: Code, underlying: (any Error)? = nil) {
        self.code = code
        self.underlying = underlying
    }

    package var description: String {
        guard let underlying else { return "HTTPServerError(\(code))" }
        return "HTTPServerError(\(code)): \(underlying)"
    }
}
