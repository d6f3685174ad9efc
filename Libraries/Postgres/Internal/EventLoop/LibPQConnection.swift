import CLibPQ
import Glibc
import LogKit

/// One libpq connection, confined to the ``PostgresEventLoop`` thread: connects, sends requests one at a time
/// in FIFO order, collects results, delivers notifications and reports its closure.
///
/// Every method must be called on the loop thread.
final class LibPQConnection {
    enum Phase {
        case connecting(pollingFor: PostgresPollingStatusType, continuation: CheckedContinuation<Void, any Error>)
        case ready
        case closed
    }

    /// The request being executed.
    struct InFlight {
        enum Step {
            case preparing(name: String)
            case executing
        }

        var request: PostgresRequest
        var step: Step
        var result: PostgresRowStorage?
        var error: PostgresError?
        var isCancelIssued = false
        var mustClose = false
        /// Set while cancel requests are being sent for this request; marked finished when it ends.
        var cancelRetry: CancelRetry?
    }

    let key: Int
    unowned let core: PostgresEventLoopCore
    let logger: Logger
    private(set) var handle: OpaquePointer?
    var phase: Phase
    /// The connect deadline while connecting.
    private(set) var deadline: ContinuousClock.Instant?
    var queue: [PostgresRequest] = []
    var queueHead = 0
    var current: InFlight?
    var needsFlush = false
    var highestRequestID = -1
    var cancelledBeforeArrival: Set<Int> = []
    var preparedStatements: Set<String> = []
    var columnCache: [String: PostgresColumns] = [:]
    var closeHandlers: [@Sendable ((any Error)?) -> Void] = []
    var notificationHandler: (@Sendable (PostgresNotification) -> Void)?

    private init(
        key: Int,
        core: PostgresEventLoopCore,
        logger: Logger,
        handle: OpaquePointer,
        deadline: ContinuousClock.Instant,
        continuation: CheckedContinuation<Void, any Error>
    ) {
        self.key = key
        self.core = core
        self.logger = logger
        self.handle = handle
        self.deadline = deadline
        // libpq: right after PQconnectStart, behave as if PQconnectPoll had returned PGRES_POLLING_WRITING.
        self.phase = .connecting(pollingFor: PGRES_POLLING_WRITING, continuation: continuation)
    }

    /// Starts connecting; `continuation` is resumed once connected or failed.
    static func connect(
        key: Int,
        parameters: [(String, String)],
        deadline: ContinuousClock.Instant,
        core: PostgresEventLoopCore,
        logger: Logger,
        continuation: CheckedContinuation<Void, any Error>
    ) {
        let handle = withCStringArray(parameters.map(\.0)) { keywords in
            withCStringArray(parameters.map(\.1)) { values in
                PQconnectStartParams(keywords, values, 0)
            }
        }
        guard let handle else {
            continuation.resume(throwing: PostgresError(.connectionFailed, message: "libpq could not allocate"))
            return
        }
        if PQstatus(handle) == CONNECTION_BAD {
            let message = errorMessage(handle)
            PQfinish(handle)
            continuation.resume(throwing: PostgresError(.connectionFailed, message: message))
            return
        }
        let connection = LibPQConnection(
            key: key,
            core: core,
            logger: logger,
            handle: handle,
            deadline: deadline,
            continuation: continuation
        )
        core.register(connection)
    }

    /// libpq's current error message for `handle`, trimmed.
    static func errorMessage(_ handle: OpaquePointer?) -> String {
        guard let handle, let message = PQerrorMessage(handle) else { return "unknown libpq error" }
        let text = String(cString: message).trimmingSpacesAndNewlines()
        return text.isEmpty ? "unknown libpq error" : text
    }

    // MARK: Polling

    var socket: Int32 { handle.map { PQsocket($0) } ?? -1 }

    /// The `poll` events to wait for, or `nil` when there is no socket.
    var pollEvents: Int16? {
        guard socket >= 0 else { return nil }
        switch phase {
        case .connecting(let pollingFor, _):
            return Int16(pollingFor == PGRES_POLLING_READING ? POLLIN : POLLOUT)
        case .ready:
            // Always read: a broken connection or a notification must be noticed while idle.
            return Int16(needsFlush ? POLLIN | POLLOUT : POLLIN)
        case .closed:
            return nil
        }
    }

    func socketReady(events: Int16) {
        switch phase {
        case .connecting:
            continueConnecting()
        case .ready:
            if needsFlush, events & Int16(POLLOUT | POLLERR | POLLHUP) != 0 {
                flush()
            }
            if events & Int16(POLLIN | POLLERR | POLLHUP | POLLNVAL) != 0 {
                readAvailableInput()
            }
        case .closed:
            break
        }
    }

    func deadlinePassed() {
        guard case .connecting = phase else { return }
        close(error: PostgresError(.connectionFailed, message: "connect timeout expired"))
    }

    private func continueConnecting() {
        guard case .connecting(_, let continuation) = phase, let handle else { return }
        let status = PQconnectPoll(handle)
        switch status {
        case PGRES_POLLING_OK:
            guard PQsetnonblocking(handle, 1) == 0 else {
                close(error: PostgresError(.connectionFailed, message: Self.errorMessage(handle)))
                return
            }
            phase = .ready
            deadline = nil
            continuation.resume()
        case PGRES_POLLING_READING, PGRES_POLLING_WRITING:
            phase = .connecting(pollingFor: status, continuation: continuation)
        default:
            close(error: PostgresError(.connectionFailed, message: Self.errorMessage(handle)))
        }
    }

    // MARK: Closing

    /// Closes the connection: fails the pending requests, frees libpq's handle and calls the close handlers.
    ///
    /// - Parameter error: why, or `nil` for an orderly close requested by the owner.
    func close(error: PostgresError?) {
        if case .closed = phase { return }
        let previous = phase
        phase = .closed
        deadline = nil
        let failure = error ?? PostgresError(.connectionClosed, message: "the connection was closed")
        if case .connecting(_, let continuation) = previous {
            continuation.resume(throwing: failure)
        }
        let inFlight = current
        current = nil
        inFlight?.cancelRetry?.finish()
        var queued: [PostgresRequest] = []
        while let request = dequeue() { queued.append(request) }
        if let handle {
            PQfinish(handle)
            self.handle = nil
        }
        core.remove(key)
        // Tell the owners (the pool) first, then wake the waiting tasks: a task that resumes and returns the
        // connection to the pool must find it already gone, never lend it out again.
        let handlers = closeHandlers
        closeHandlers = []
        for handler in handlers { handler(error) }
        if let inFlight {
            var requestError = failure
            requestError.query = inFlight.request.sql
            inFlight.request.fail(inFlight.isCancelIssued ? CancellationError() : requestError)
        }
        for request in queued {
            var requestError = failure
            requestError.query = request.sql
            request.fail(requestError)
        }
    }

    /// Registers a close handler, or calls it at once if already closed.
    func onClose(_ handler: @escaping @Sendable ((any Error)?) -> Void) {
        if case .closed = phase {
            handler(nil)
        } else {
            closeHandlers.append(handler)
        }
    }

    // MARK: Queue

    func dequeue() -> PostgresRequest? {
        guard queueHead < queue.count else { return nil }
        let request = queue[queueHead]
        queueHead += 1
        if queueHead == queue.count {
            queue.removeAll(keepingCapacity: true)
            queueHead = 0
        }
        return request
    }
}

/// Calls `body` with a NULL-terminated array of C strings.
func withCStringArray<Result>(
    _ strings: [String],
    _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> Result
) -> Result {
    let copies: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
    defer { for copy in copies { free(copy) } }
    return copies.withUnsafeBufferPointer { buffer in
        buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: buffer.count) { body($0) }
    }
}

extension String {
    /// The string without leading and trailing spaces and newlines (libpq messages end in a newline).
    func trimmingSpacesAndNewlines() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
