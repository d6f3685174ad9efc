import Synchronization

/// Keeps records in memory, for tests that assert on what was logged.
package final class InMemoryLogHandler: LogHandler {
    private let storage = Mutex<[LogRecord]>([])

    /// Creates an empty handler.
    package init() {}

    package func log(_ record: LogRecord) { storage.withLock { $0.append(record) } }

    /// Every record so far, oldest first.
    package var records: [LogRecord] { storage.withLock { $0 } }
}
