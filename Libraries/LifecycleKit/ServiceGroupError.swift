/// Why a ``ServiceGroup`` stopped with an error.
package struct ServiceGroupError: Error, CustomStringConvertible {
    /// The kind of failure.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case serviceFinishedUnexpectedly
            case serviceFailed
            case gracefulShutdownTimedOut
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// A service returned before shutdown was requested.
        package static let serviceFinishedUnexpectedly = Code(.serviceFinishedUnexpectedly)
        /// A service threw.
        package static let serviceFailed = Code(.serviceFailed)
        /// Services were still running when the shutdown timeout expired.
        package static let gracefulShutdownTimedOut = Code(.gracefulShutdownTimedOut)

        package var description: String { "\(value)" }
    }

    /// The kind of failure.
    package var code: Code
    /// The type name of the service concerned.
    package var service: String
    /// The error the service threw, if any.
    package var underlying: (any Error)?

    package var description: String {
        if let underlying { return "\(code): \(service): \(underlying)" }
        return "\(code): \(service)"
    }
}
