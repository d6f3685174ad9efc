package import NetCore

/// The decisions of one HTTP/1.1 connection — which timeout applies, whether to keep reading, when to
/// close and how — as a pure state machine with no I/O, locks or clocks (times come in as arguments).
///
/// ``HTTPConnection`` feeds it events and performs the actions it returns. One request is handled at a
/// time; pipelined requests wait in the parser until the current response is complete.
///
/// ```
///  accept ─► readingHead ─head─► readingBody ─end─► handling ─response done─► idle ─bytes─► readingHead
///                 │ timeout/error        │ timeout/error             │ close wanted
///                 └────────► closing (error response flushed, lingering read) ◄──┘──► closed
/// ```
package struct HTTPConnectionStateMachine: Sendable {
    /// The connection's phase.
    package enum State: Equatable, Sendable {
        /// Between requests with nothing buffered: the keep-alive idle timeout runs.
        case idle(since: Deadline)
        /// Waiting for a complete head: the header timeout runs from `since`.
        case readingHead(since: Deadline)
        /// Receiving a body: the body timeout runs from the last progress.
        case readingBody(lastProgress: Deadline)
        /// The request was handed to the responder; its response is being produced or written.
        case handling
        /// Flushing a final response, then reading and discarding until the peer closes (lingering close).
        case closing(since: Deadline)
        /// Done.
        case closed
    }

    /// What to do when a timer fires or the peer goes away.
    package enum Action: Equatable, Sendable {
        /// Nothing now.
        case none
        /// Close the socket at once, without a response.
        case close
        /// Send `408 Request Timeout` with `Connection: close`, then close after flushing.
        case sendTimeoutAndClose
        /// Write what is buffered, then close.
        case closeAfterFlush
    }

    /// What to do once a response has been fully queued.
    package enum ResponseEndAction: Equatable, Sendable {
        /// Keep the connection: parse the next (possibly pipelined) request.
        case keepAlive
        /// Close after the response has been flushed.
        case closeAfterFlush
    }

    /// The current phase.
    package private(set) var state: State
    /// The timeouts in nanoseconds, converted once (`Duration` arithmetic is slow on a per-request path).
    private struct TimeoutNanoseconds {
        var header, idle, body, write, lingeringClose: UInt64

        init(_ timeouts: HTTPServerConfiguration.Timeouts) {
            func nanoseconds(_ duration: Duration) -> UInt64 { UInt64(max(0, duration.nanosecondsClamped)) }
            header = nanoseconds(timeouts.header)
            idle = nanoseconds(timeouts.idle)
            body = nanoseconds(timeouts.body)
            write = nanoseconds(timeouts.write)
            lingeringClose = nanoseconds(timeouts.lingeringClose)
        }
    }

    private let timeouts: TimeoutNanoseconds
    /// Whether the request being handled allows keep-alive.
    private var requestKeepAlive = true
    /// Decided when the response head is written: the response carries `Connection: close`.
    package private(set) var closesAfterResponse = false
    /// Graceful shutdown was requested: finish the current request, then close.
    package private(set) var isQuiescing = false
    /// The peer shut down its sending side.
    package private(set) var isInputClosed = false
    /// Since when response bytes have been waiting for the client to read them, if any are.
    private var outboundStalledSince: Deadline?

    /// Creates the machine for a connection accepted at `now` (its header timeout starts then).
    package init(timeouts: HTTPServerConfiguration.Timeouts, now: Deadline) {
        self.timeouts = TimeoutNanoseconds(timeouts)
        self.state = .readingHead(since: now)
    }

    /// Whether request bytes should be parsed now (not while a request is handled or after an error).
    package var isParsing: Bool {
        switch state {
        case .idle, .readingHead, .readingBody: true
        case .handling, .closing, .closed: false
        }
    }

    /// Whether the connection is closing or closed.
    package var isClosing: Bool {
        switch state {
        case .closing, .closed: true
        default: false
        }
    }

    /// Whether the socket should be read now: always while parsing (the parser needs bytes to progress;
    /// its own limits bound the buffer), otherwise only until `buffered` reaches `limit`. While closing,
    /// bytes are read and discarded.
    package func shouldRead(buffered: Int, limit: Int) -> Bool {
        switch state {
        case .idle, .readingHead, .readingBody, .closing: true
        case .handling: buffered < limit
        case .closed: false
        }
    }

    /// Request bytes arrived; an idle connection starts its header timeout.
    package mutating func bytesReceived(now: Deadline) {
        if case .idle = state { state = .readingHead(since: now) }
    }

    /// A head was parsed.
    package mutating func headReceived(keepAlive: Bool, now: Deadline) {
        switch state {
        case .idle, .readingHead:
            requestKeepAlive = keepAlive
            state = .readingBody(lastProgress: now)
        default:
            preconditionFailure("head received in state \(state)")
        }
    }

    /// A piece of body arrived.
    package mutating func bodyReceived(now: Deadline) {
        if case .readingBody = state { state = .readingBody(lastProgress: now) }
    }

    /// The request is complete and goes to the responder.
    package mutating func requestReceived() {
        guard case .readingBody = state else { preconditionFailure("request end in state \(state)") }
        state = .handling
    }

    /// The response head is about to be written; returns whether it must carry `Connection: close`.
    ///
    /// - Parameter parserHasBytes: whether pipelined bytes are buffered; after the peer's FIN those may
    ///   still hold complete requests, which are answered before closing.
    package mutating func responseStarted(parserHasBytes: Bool) -> Bool {
        precondition(state == .handling, "response in state \(state)")
        closesAfterResponse = !requestKeepAlive || isQuiescing || (isInputClosed && !parserHasBytes)
        return closesAfterResponse
    }

    /// The response can only be delimited by closing the connection (a streamed body to HTTP/1.0).
    package mutating func closeAfterResponse() -> Bool {
        closesAfterResponse = true
        return true
    }

    /// The response (head and body) has been queued for writing.
    ///
    /// - Parameter parserIsIdle: whether the parser holds no bytes of a next request.
    package mutating func responseEnded(parserIsIdle: Bool, now: Deadline) -> ResponseEndAction {
        precondition(state == .handling, "response end in state \(state)")
        if closesAfterResponse {
            state = .closing(since: now)
            return .closeAfterFlush
        }
        state = parserIsIdle ? .idle(since: now) : .readingHead(since: now)
        return .keepAlive
    }

    /// The parser rejected the request: an error response is sent and the connection closes.
    package mutating func parseFailed(now: Deadline) {
        state = .closing(since: now)
    }

    /// The response could not be completed (a streamed body failed): the connection closes at once.
    package mutating func responseFailed() {
        state = .closed
    }

    /// The peer closed its sending side (read returned 0), or no further complete request can arrive.
    ///
    /// - Parameter hasPendingOutput: whether response bytes still wait to be written.
    package mutating func inputClosed(hasPendingOutput: Bool, now: Deadline) -> Action {
        isInputClosed = true
        switch state {
        case .handling, .closed:
            return .none
        case .idle, .readingHead, .readingBody, .closing:
            guard hasPendingOutput else {
                state = .closed
                return .close
            }
            state = .closing(since: now)
            return .closeAfterFlush
        }
    }

    /// The socket failed or was closed by us.
    package mutating func closed() {
        state = .closed
    }

    /// Graceful shutdown began: idle connections close now; busy ones close after their response.
    ///
    /// - Parameter parserIsIdle: whether no bytes of a request have been received.
    package mutating func shutdownRequested(parserIsIdle: Bool) -> Action {
        isQuiescing = true
        switch state {
        case .idle:
            state = .closed
            return .close
        case .readingHead where parserIsIdle:
            state = .closed
            return .close
        default:
            return .none
        }
    }

    /// Response bytes remain unwritten after a write attempt that made progress (or made none yet).
    package mutating func outboundPending(progressed: Bool, now: Deadline) {
        if progressed || outboundStalledSince == nil { outboundStalledSince = now }
    }

    /// Every response byte was handed to the kernel.
    package mutating func outboundDrained() {
        outboundStalledSince = nil
    }

    /// When the next timeout is due, if one applies: while response bytes wait for the client only the
    /// write timeout runs; otherwise the timeout of the current state.
    package var deadline: Deadline? {
        if let outboundStalledSince { return outboundStalledSince.adding(nanoseconds: timeouts.write) }
        switch state {
        case .idle(let since): return since.adding(nanoseconds: timeouts.idle)
        case .readingHead(let since): return since.adding(nanoseconds: timeouts.header)
        case .readingBody(let lastProgress): return lastProgress.adding(nanoseconds: timeouts.body)
        case .closing(let since): return since.adding(nanoseconds: timeouts.lingeringClose)
        case .handling, .closed: return nil
        }
    }

    /// A timer fired at `now`: decides what the expired timeout means.
    package mutating func timerFired(now: Deadline) -> Action {
        guard let deadline, deadline <= now else { return .none }
        if outboundStalledSince != nil {
            state = .closed
            return .close
        }
        switch state {
        case .idle, .closing:
            state = .closed
            return .close
        case .readingHead, .readingBody:
            state = .closing(since: now)
            return .sendTimeoutAndClose
        case .handling, .closed:
            return .none
        }
    }
}
