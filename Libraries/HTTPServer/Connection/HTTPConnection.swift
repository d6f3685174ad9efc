import HTTPCore
import NetCore

/// One accepted HTTP/1.1 connection: socket I/O, the request parser, the outbound buffer and the
/// connection's timer, driven by ``HTTPConnectionStateMachine``.
///
/// Loop-confined: created, read, written and closed on its ``ServerLoop``'s event loop. The socket is
/// registered edge-triggered for input and output once, so the loop never calls `epoll_ctl` per request;
/// a read shorter than the buffer means the socket is drained (epoll(7)), which saves the extra read
/// that would return `EAGAIN`. A task in the server's task group runs ``serve(responder:)`` on the same
/// loop (the loop is that task's executor) and meets the I/O side through ``nextRequest()``.
final class HTTPConnection: SelectableHandler {
    let socket: Socket
    let eventLoop: EventLoop
    /// Strong on purpose: the loop drops its reference when the connection closes, breaking the cycle,
    /// and an `unowned` reference would cost a check on every access.
    let server: ServerLoop
    let info: HTTPConnectionInfo

    var parser: HTTPRequestParser
    var machine: HTTPConnectionStateMachine

    // Inbound.
    /// Edge-triggered: the socket may hold unread bytes (set on each readable event, cleared on EAGAIN,
    /// EOF or a short read).
    var readPending = true
    /// The peer sent FIN: read until EOF rather than trusting a short read.
    var peerSentFIN = false
    var currentHead: HTTPRequestHead?
    var currentBody: [UInt8] = []
    var readyRequest: HTTPRequest?
    var requestWaiter: UnsafeContinuation<HTTPRequest?, Never>?

    // Outbound.
    var outbound: [UInt8] = []
    var outboundOffset = 0
    var writabilityWaiters: [CheckedContinuation<Void, any Error>] = []
    var closeAfterFlush = false
    var isOutputShutdown = false
    /// The streamed response whose writer may append chunks (0: none); see ``appendBodyChunk(_:stream:chunked:)``.
    var activeStream: UInt64 = 0
    var streamCounter: UInt64 = 0

    // Timer (armed lazily: only moved when the wanted deadline becomes earlier than the armed one).
    var timerID: TimerID?
    var timerDeadline: Deadline?

    private(set) var isClosed = false
    private var isRegistered = false

    init(socket: Socket, server: ServerLoop, info: HTTPConnectionInfo) {
        self.socket = socket
        self.eventLoop = server.eventLoop
        self.server = server
        self.info = info
        self.parser = HTTPRequestParser(limits: server.configuration.limits)
        self.machine = HTTPConnectionStateMachine(timeouts: server.configuration.timeouts, now: server.eventLoop.now)
    }

    /// Registers with the loop and reads anything already received. On the loop.
    func start() throws(IOError) {
        eventLoop.assertInEventLoop()
        try eventLoop.register(
            fd: socket.fd,
            interest: .stream,
            edgeTriggered: true,
            handler: self
        )
        isRegistered = true
        updateTimer()
    }

    /// Bytes of response waiting to be written.
    var pendingOutboundCount: Int { outbound.count - outboundOffset }

    func handleEvents(_ events: IOEvents) {
        if events.contains(.readHangup) { peerSentFIN = true }
        if events.rawValue & IOEvents.anyInput.rawValue != 0 {
            readPending = true
            readAvailable()
        }
        if events.contains(.writable) && pendingOutboundCount > 0 { flush() }
        if !isClosed && events.contains(.error) && !readPending { close() }
    }

    /// Graceful shutdown of the server: close now if idle, else answer the current request with
    /// `Connection: close`.
    func shutdownRequested() {
        guard !isClosed else { return }
        handle(machine.shutdownRequested(parserIsIdle: parser.isIdle && currentHead == nil))
    }

    /// Performs a state-machine action.
    func handle(_ action: HTTPConnectionStateMachine.Action) {
        switch action {
        case .none:
            break
        case .close:
            close()
        case .closeAfterFlush:
            closeAfterFlush = true
            flush()
        case .sendTimeoutAndClose:
            currentHead = nil
            currentBody = []
            sendErrorAndClose(status: .requestTimeout, message: "Request timed out")
        }
    }

    /// Closes the socket at once and wakes whoever waits on this connection. Idempotent.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        machine.closed()
        if let timerID { eventLoop.cancelTask(timerID) }
        timerID = nil
        if isRegistered { eventLoop.deregister(fd: socket.fd) }
        socket.close()
        outbound = []
        outboundOffset = 0
        if let waiter = requestWaiter {
            requestWaiter = nil
            waiter.resume(returning: nil)
        }
        let waiters = writabilityWaiters
        writabilityWaiters = []
        for waiter in waiters { waiter.resume(throwing: IOError(code: .connectionClosed, function: "write")) }
        server.connectionClosed(self)
    }
}
