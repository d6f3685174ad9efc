import CLibPQ
import Foundation
import Synchronization

extension LibPQConnection {
    /// Queues a request; it is sent once the requests before it have completed.
    func enqueue(_ request: PostgresRequest) {
        highestRequestID = max(highestRequestID, request.id)
        if cancelledBeforeArrival.remove(request.id) != nil {
            request.fail(CancellationError())
            return
        }
        queue.append(request)
        if current == nil { startNextRequest() }
    }

    /// Cancels request `id`: a queued request fails at once; the running one is cancelled on the server
    /// (`PQcancel` on a helper thread, since it connects and blocks).
    func cancel(requestID id: Int) {
        if id > highestRequestID {
            cancelledBeforeArrival.insert(id)  // the cancellation overtook its request
            return
        }
        if let index = queue[queueHead...].firstIndex(where: { $0.id == id }) {
            let request = queue.remove(at: index)
            if queueHead == queue.count {
                queue.removeAll(keepingCapacity: true)
                queueHead = 0
            }
            request.fail(CancellationError())
            return
        }
        guard var current, current.request.id == id, !current.isCancelIssued, let handle else { return }
        let retry = CancelRetry()
        current.isCancelIssued = true
        current.cancelRetry = retry
        self.current = current
        guard let cancel = PQgetCancel(handle) else { return }
        let sendable = CancelHandle(pointer: cancel)
        let thread = Thread {
            // The server ignores a cancel request that arrives before the query has started (just sent, not yet
            // read): repeat it every 200 ms until the request has ended, at most 50 times. The connection is
            // closed after a cancelled request, so a late repeat can never hit the next query.
            var buffer = [CChar](repeating: 0, count: 256)
            for attempt in 0..<50 where !retry.isFinished {
                if attempt > 0 { usleep(200_000) }
                if retry.isFinished { break }
                _ = PQcancel(sendable.pointer, &buffer, Int32(buffer.count))
            }
            PQfreeCancel(sendable.pointer)
        }
        thread.name = "paylinks-postgres-cancel"
        thread.start()
    }

    /// Sends queued requests while the connection is idle.
    func startNextRequest() {
        while current == nil, case .ready = phase, let request = dequeue() {
            if let bindings = request.bindings, let index = bindings.invalidParameterIndex {
                request.fail(
                    PostgresError(
                        .invalidQuery,
                        message: "parameter $\(index + 1) is text containing a NUL byte, which PostgreSQL cannot store",
                        query: request.sql
                    )
                )
                continue
            }
            var inFlight = InFlight(request: request, step: .executing)
            if case .prepared(let name, _, _) = request.kind, !preparedStatements.contains(name) {
                inFlight.step = .preparing(name: name)
            }
            current = inFlight
            send()
        }
    }

    /// Sends the current request's current step.
    private func send() {
        guard let current, let handle else { return }
        let sent: Int32
        switch (current.request.kind, current.step) {
        case (.unnamed(let query), _):
            sent = query.bindings.withLibPQArrays { types, values, lengths, formats in
                PQsendQueryParams(
                    handle,
                    query.sql,
                    Int32(query.bindings.count),
                    types,
                    values,
                    lengths,
                    formats,
                    0
                )
            }
        case (.prepared(_, let sql, let bindings), .preparing(let name)):
            sent = bindings.withLibPQArrays { types, _, _, _ in
                PQsendPrepare(handle, name, sql, Int32(bindings.count), types)
            }
        case (.prepared(let name, _, let bindings), .executing):
            sent = bindings.withLibPQArrays { _, values, lengths, formats in
                PQsendQueryPrepared(handle, name, Int32(bindings.count), values, lengths, formats, 0)
            }
        case (.simple(let sql), _):
            sent = PQsendQuery(handle, sql)
        }
        guard sent == 1 else {
            close(error: PostgresError(.connectionClosed, message: Self.errorMessage(handle)))
            return
        }
        flush()
    }

    /// Pushes buffered output to the socket; waits for writability if it did not all fit.
    func flush() {
        guard let handle else { return }
        switch PQflush(handle) {
        case 0: needsFlush = false
        case 1: needsFlush = true
        default: close(error: PostgresError(.connectionClosed, message: Self.errorMessage(handle)))
        }
    }

    /// Reads what the server sent: results, notifications, or the connection's end.
    func readAvailableInput() {
        guard let handle else { return }
        guard PQconsumeInput(handle) == 1 else {
            close(error: PostgresError(.connectionClosed, message: Self.errorMessage(handle)))
            return
        }
        deliverNotifications()
        while self.handle != nil, current != nil, PQisBusy(handle) == 0 {
            if let result = PQgetResult(handle) {
                absorb(result)
                PQclear(result)
            } else {
                finishStep()
            }
        }
        deliverNotifications()  // libpq also parses notifications while it reads results
        if self.handle != nil, PQstatus(handle) == CONNECTION_BAD {
            close(error: PostgresError(.connectionClosed, message: Self.errorMessage(handle)))
        }
    }

    private func deliverNotifications() {
        guard let handle else { return }
        while let notification = PQnotifies(handle) {
            let value = PostgresNotification(
                channel: String(cString: notification.pointee.relname),
                payload: String(cString: notification.pointee.extra),
                processID: notification.pointee.be_pid
            )
            PQfreemem(notification)
            notificationHandler?(value)
        }
    }

    /// Takes one `PGresult` of the current request into account.
    private func absorb(_ result: OpaquePointer) {
        guard var current else { return }
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK, PGRES_SINGLE_TUPLE:
            current.result = makeStorage(result, cacheKey: current.request.preparedName)
        case PGRES_COMMAND_OK:
            if case .executing = current.step {
                current.result = makeStorage(result, cacheKey: nil)
            }
        case PGRES_EMPTY_QUERY:
            current.result = .empty()
        case PGRES_FATAL_ERROR:
            if current.error == nil {
                current.error = makeServerError(result, sql: current.request.sql)
            }
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            current.error = PostgresError(.unsupported, message: "COPY is not supported", query: current.request.sql)
            current.mustClose = true
        default:
            break  // notices (PGRES_NONFATAL_ERROR) and pipeline markers
        }
        self.current = current
        if current.mustClose {
            close(error: current.error)
        }
    }

    /// The current step's results are complete: prepare → execute, or complete the request.
    private func finishStep() {
        guard let current else { return }
        if case .preparing(let name) = current.step, current.error == nil {
            preparedStatements.insert(name)
            self.current?.step = .executing
            send()
            return
        }
        self.current = nil
        current.cancelRetry?.finish()
        if current.isCancelIssued {
            // A cancel request (or a repeat of it) may still be on its way and would hit the next query: this
            // connection is done. Closed before the task resumes, so the pool never lends it out again.
            close(error: nil)
        }
        let error = current.error
        if current.isCancelIssued, error?.sqlState == "57014" {
            current.request.fail(CancellationError())
        } else if let error {
            current.request.fail(error)
        } else {
            current.request.continuation.resume(returning: current.result ?? .empty())
        }
        if !current.isCancelIssued { startNextRequest() }
    }
}

extension PostgresRequest {
    /// The prepared statement's name, for caching its columns.
    var preparedName: String? {
        if case .prepared(let name, _, _) = kind { name } else { nil }
    }
}

/// Whether the request a cancel thread is cancelling has ended (set on the loop thread, read by the helper).
final class CancelRetry: Sendable {
    private let finished = Atomic<Bool>(false)

    /// Whether the request has ended.
    var isFinished: Bool { finished.load(ordering: .acquiring) }

    /// Marks the request ended: the helper stops repeating the cancel request.
    func finish() { finished.store(true, ordering: .releasing) }
}

/// A `PGcancel` handed to the thread that sends the cancel request.
// @unchecked: libpq documents PQcancel as thread-safe; the helper thread is the pointer's only user until it
// frees it.
private struct CancelHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}
