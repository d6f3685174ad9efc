import Synchronization

/// The process-wide default handler and level for new ``Logger`` values.
///
/// Bootstrapped once by the service runtime from configuration; until then, loggers write JSON to
/// standard output at `info`.
package enum LoggingSystem {
    /// The defaults new loggers pick up.
    package struct Defaults: Sendable {
        /// The handler new loggers write to.
        package var handler: any LogHandler
        /// The minimum level of new loggers.
        package var level: LogLevel
    }

    private static let state = Mutex(Defaults(handler: JSONLogHandler.standardOutput, level: .info))

    /// Sets the default handler and level for loggers created from now on.
    package static func bootstrap(handler: any LogHandler, level: LogLevel) {
        state.withLock { $0 = Defaults(handler: handler, level: level) }
    }

    /// The current defaults.
    package static var current: Defaults { state.withLock { $0 } }
}
