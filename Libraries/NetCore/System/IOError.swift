import CLinux
import Glibc

/// An I/O failure in NetCore: a failed system call (with its `errno`) or a higher-level condition such as a
/// timeout or a closed socket.
///
/// `description` names the failing function and the `strerror` text; it never contains payload bytes.
package struct IOError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case systemCall
            case connectionClosed
            case timedOut
            case invalidAddress
            case eventLoopShutdown
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A system call failed; ``IOError/errnoCode`` holds the reason.
        package static let systemCall = Code(.systemCall)
        /// The socket was closed (by either side) before the operation could finish.
        package static let connectionClosed = Code(.connectionClosed)
        /// The operation did not finish before its deadline.
        package static let timedOut = Code(.timedOut)
        /// A host or port could not be turned into a socket address.
        package static let invalidAddress = Code(.invalidAddress)
        /// The event loop the operation needed has shut down.
        package static let eventLoopShutdown = Code(.eventLoopShutdown)

        package var description: String {
            switch base {
            case .systemCall: "systemCall"
            case .connectionClosed: "connectionClosed"
            case .timedOut: "timedOut"
            case .invalidAddress: "invalidAddress"
            case .eventLoopShutdown: "eventLoopShutdown"
            }
        }
    }

    /// The kind of failure.
    package var code: Code
    /// The `errno` of a failed system call, or 0.
    package var errnoCode: CInt
    /// The system call or operation that failed, such as `connect`.
    package var function: String

    /// Creates the error for a failed system call.
    package init(errno: CInt, function: String) {
        self.code = .systemCall
        self.errnoCode = errno
        self.function = function
    }

    /// Creates an error that is not a failed system call.
    package init(code: Code, function: String) {
        self.code = code
        self.errnoCode = 0
        self.function = function
    }

    package var description: String {
        guard code == .systemCall else { return "\(function): \(code)" }
        return "\(function) failed: \(String(cString: strerror(errnoCode))) (errno \(errnoCode))"
    }
}
