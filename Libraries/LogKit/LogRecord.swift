/// One log event as handed to a ``LogHandler``.
package struct LogRecord: Sendable {
    /// Milliseconds since the Unix epoch (UTC).
    package var timestampMilliseconds: Int64
    /// The severity.
    package var level: LogLevel
    /// The logger's label, usually the module or service name.
    package var label: String
    /// The message text.
    package var message: String
    /// Merged metadata: the logger's own, overridden by the call's.
    package var metadata: [String: String]
    /// The source file that logged.
    package var file: String
    /// The source line that logged.
    package var line: UInt

    /// Creates a record.
    package init(
        timestampMilliseconds: Int64,
        level: LogLevel,
        label: String,
        message: String,
        metadata: [String: String],
        file: String,
        line: UInt
    ) {
        self.timestampMilliseconds = timestampMilliseconds
        self.level = level
        self.label = label
        self.message = message
        self.metadata = metadata
        self.file = file
        self.line = line
    }
}

/// A destination for log records (stdout as JSON, memory in tests).
///
/// Handlers are called synchronously on the logging thread and must be cheap and thread-safe.
package protocol LogHandler: Sendable {
    func log(_ record: LogRecord)
}
