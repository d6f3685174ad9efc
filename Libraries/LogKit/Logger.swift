import Glibc

/// A value-type logger carrying a label, a minimum level and metadata, writing to a ``LogHandler``.
///
/// Libraries take a `Logger` as a parameter rather than creating their own; a request handler gets a child
/// logger whose metadata holds `request.id`.
///
/// ```swift
/// var logger = Logger(label: "catalog")
/// logger[metadataKey: LogKeys.requestID] = "01J…"
/// logger.info("paylink created", metadata: ["paylink.id": id])
/// ```
package struct Logger: Sendable {
    /// The label stamped on every record, such as `catalog` or `http-server`.
    package var label: String
    /// Records below this level are dropped before their message is built.
    package var level: LogLevel
    /// Metadata attached to every record of this logger.
    package var metadata: [String: String]
    /// Where records go.
    package var handler: any LogHandler

    /// Creates a logger; the level and handler default to what ``LoggingSystem/bootstrap(handler:level:)`` set.
    package init(label: String, level: LogLevel? = nil, handler: (any LogHandler)? = nil) {
        let defaults = LoggingSystem.current
        self.label = label
        self.level = level ?? defaults.level
        self.handler = handler ?? defaults.handler
        self.metadata = [:]
    }

    /// One metadata value of this logger.
    package subscript(metadataKey key: String) -> String? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Returns a copy with extra metadata, for handing to a callee.
    package func with(_ extra: [String: String]) -> Logger {
        var copy = self
        copy.metadata.merge(extra) { $1 }
        return copy
    }

    /// Logs a message at `level` if the logger's level allows it.
    package func log(
        level: LogLevel,
        _ message: @autoclosure () -> String,
        metadata extra: @autoclosure () -> [String: String] = [:],
        file: String = #fileID,
        line: UInt = #line
    ) {
        guard level >= self.level else { return }
        var merged = metadata
        merged.merge(extra()) { $1 }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        handler.log(
            LogRecord(
                timestampMilliseconds: Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec / 1_000_000),
                level: level,
                label: label,
                message: message(),
                metadata: merged,
                file: file,
                line: line
            )
        )
    }

    /// Logs at ``LogLevel/trace``.
    package func trace(
        _ message: @autoclosure () -> String,
        metadata: @autoclosure () -> [String: String] = [:],
        file: String = #fileID,
        line: UInt = #line
    ) {
        log(level: .trace, message(), metadata: metadata(), file: file, line: line)
    }
    /// Logs at ``LogLevel/debug``.
    package func debug(
        _ message: @autoclosure () -> String,
        metadata: @autoclosure () -> [String: String] = [:],
        file: String = #fileID,
        line: UInt = #line
    ) {
        log(level: .debug, message(), metadata: metadata(), file: file, line: line)
    }
    /// Logs at ``LogLevel/info``.
    package func info(
        _ message: @autoclosure () -> String,
        metadata: @autoclosure () -> [String: String] = [:],
        file: String = #fileID,
        line: UInt = #line
    ) {
        log(level: .info, message(), metadata: metadata(), file: file, line: line)
    }
    /// Logs at ``LogLevel/notice``.
    package func notice(
        _ message: @autoclosure () -> String,
        metadata: @autoclosure () -> [String: String] = [:],
        file: String = #fileID,
        line: UInt = #line
    ) {
        log(level: .notice, message(), metadata: metadata(), file: file, line: line)
    }
    /// Logs at ``LogLevel/warning``.
    package func warning(
        _ message: @autoclosure () -> String,
        metadata: @autoclosure () -> [String: String] = [:],
        file: String = #fileID,
        line: UInt = #line
    ) {
        log(level: .warning, message(), metadata: metadata(), file: file, line: line)
    }
    /// Logs at ``LogLevel/error``.
    package func error(
        _ message: @autoclosure () -> String,
        metadata: @autoclosure () -> [String: String] = [:],
        file: String = #fileID,
        line: UInt = #line
    ) {
        log(level: .error, message(), metadata: metadata(), file: file, line: line)
    }
    /// Logs at ``LogLevel/critical``.
    package func critical(
        _ message: @autoclosure () -> String,
        metadata: @autoclosure () -> [String: String] = [:],
        file: String = #fileID,
        line: UInt = #line
    ) {
        log(level: .critical, message(), metadata: metadata(), file: file, line: line)
    }
}
