import Glibc
import HTTPCore
import NetCore

/// One keep-alive TCP connection to an upstream: writes a request, parses the response on the loop and
/// hands the finished response to its ``UpstreamLoopPool``.
///
/// The socket is registered edge-triggered for readable, writable and read-hang-up once, for its whole
/// life, so an idle pooled connection learns of the server's FIN or RST from epoll with no extra system
/// call and leaves the pool at once.
///
/// Threading: confined to its event loop; every method is called there.
final class UpstreamConnection: SelectableHandler {
    enum State {
        /// The non-blocking connect has not completed.
        case connecting
        /// Carrying ``UpstreamConnection/exchange``.
        case active
        /// In the pool, waiting for the next request.
        case idle
        case closed
    }

    let address: HTTPUpstreamAddress
    private let eventLoop: EventLoop
    private unowned let pool: UpstreamLoopPool
    private let socket: Socket
    private(set) var state: State
    /// Whether a response completed on this connection before (the stale-connection retry applies).
    private(set) var isReused = false
    /// When the connection entered the pool.
    var idleSince = Deadline(nanoseconds: 0)

    private var exchange: UpstreamExchange?
    private var connectTimer: TimerID?
    private var parser: HTTPResponseParser
    private var writeHead: [UInt8] = []
    private var writeBody: [UInt8] = []
    private var writeOffset = 0
    private var isWriteComplete = false
    private var hasReceivedBytes = false
    private var head: HTTPResponseParser.Head?
    private var body: [UInt8] = []

    private init(address: HTTPUpstreamAddress, eventLoop: EventLoop, pool: UpstreamLoopPool, socket: Socket) {
        self.address = address
        self.eventLoop = eventLoop
        self.pool = pool
        self.socket = socket
        self.state = .connecting
        self.parser = HTTPResponseParser(requestMethod: .get, limits: pool.parserLimits)
    }

    /// Opens a non-blocking connection and registers it; it is ready for ``start(_:)``.
    ///
    /// - Throws: ``IOError`` when the connect fails at once (such as `ECONNREFUSED` on loopback).
    static func connect(
        to address: HTTPUpstreamAddress,
        pool: UpstreamLoopPool,
        on eventLoop: EventLoop
    ) throws(IOError) -> UpstreamConnection {
        let socket = try Socket.makeTCP(for: address.socketAddress)
        let connection = UpstreamConnection(address: address, eventLoop: eventLoop, pool: pool, socket: socket)
        do {
            try socket.setNoDelay()
            if try socket.connect(to: address.socketAddress) { connection.state = .active }
            try eventLoop.register(
                fd: socket.fd,
                interest: [.readable, .writable, .readHangup],
                edgeTriggered: true,
                handler: connection
            )
        } catch {
            socket.close()
            connection.state = .closed
            throw error
        }
        return connection
    }

    /// Sends the exchange's request and starts reading its response.
    func start(_ exchange: UpstreamExchange) {
        precondition(self.exchange == nil && (state == .active || state == .connecting), "connection is busy")
        self.exchange = exchange
        exchange.connection = self
        parser.reset(requestMethod: exchange.job.method)
        writeHead = exchange.job.request.head
        writeBody = exchange.job.request.body
        writeOffset = 0
        isWriteComplete = false
        hasReceivedBytes = false
        head = nil
        body = []
        guard state == .active else {
            let connectDeadline = Deadline.now() + pool.configuration.connectTimeout
            if connectDeadline < exchange.job.deadline {
                connectTimer = eventLoop.scheduleTask(at: connectDeadline) { [unowned self] in
                    connectTimer = nil
                    fail(HTTPUpstreamError(.connectFailed, "Connect timed out", address: address), retryable: false)
                }
            }
            return
        }
        // No read here: the answer cannot be there yet, and the edge-triggered registration reports it when
        // it arrives (an idle connection with unread bytes is closed, never reused). Reading now would cost
        // one `read` returning EAGAIN per request.
        flush()
    }

    /// Marks a connection taken from the pool as carrying a request again.
    func leaveIdle() {
        precondition(state == .idle, "only idle connections are leased")
        state = .active
    }

    /// Whether a pooled connection still looks open: no FIN, RST or stray byte is queued on it.
    ///
    /// One `recv(MSG_PEEK)`: used only before a non-idempotent request, which cannot be retried once sent.
    func isPeerStillOpen() -> Bool {
        var byte: UInt8 = 0
        let result = recv(socket.fd, &byte, 1, CInt(MSG_PEEK | MSG_DONTWAIT))
        return result < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
    }

    /// Closes the socket; a request in flight is detached first (its owner reports the failure).
    func close() {
        guard state != .closed else { return }
        state = .closed
        if let timer = connectTimer.take() { eventLoop.cancelTask(timer) }
        if let exchange = exchange.take() { exchange.connection = nil }
        eventLoop.deregister(fd: socket.fd)
        socket.close()
        writeHead = []
        writeBody = []
        body = []
    }

    func handleEvents(_ events: IOEvents) {
        switch state {
        case .connecting:
            let error = socket.pendingError()
            if error != 0 {
                let cause = IOError(errno: error, function: "connect")
                fail(HTTPUpstreamError(.connectFailed, "Connect failed", underlying: cause), retryable: false)
                return
            }
            guard !events.isDisjoint(with: [.writable, .hangup, .error]) else { return }
            state = .active
            if let timer = connectTimer.take() { eventLoop.cancelTask(timer) }
            flush()
            if state == .active { readAvailable() }
        case .active:
            if !isWriteComplete { flush() }
            if state == .active && !events.isDisjoint(with: [.readable, .readHangup, .hangup, .error]) {
                readAvailable()
            }
        case .idle:
            // A FIN, an RST or unsolicited bytes while idle: the connection cannot carry another request.
            guard !events.isDisjoint(with: [.readable, .readHangup, .hangup, .error]) else { return }
            pool.removeIdle(self)
            close()
        case .closed:
            break
        }
    }

    /// Writes what the socket takes; the rest waits for the next writable event.
    private func flush() {
        while !isWriteComplete {
            let sent: Result<IOResult<Int>, IOError>
            if writeOffset < writeHead.count {
                sent = Self.send(writeHead, from: writeOffset, on: socket)
            } else {
                sent = Self.send(writeBody, from: writeOffset - writeHead.count, on: socket)
            }
            let result: IOResult<Int>
            switch sent {
            case .success(let value):
                result = value
            case .failure(let error):
                failIO(error)
                return
            }
            guard case .processed(let count) = result else { return }
            writeOffset += count
            if writeOffset == writeHead.count + writeBody.count {
                isWriteComplete = true
                writeBody = []
            }
        }
    }

    private static func send(_ bytes: [UInt8], from offset: Int, on socket: Socket) -> Result<IOResult<Int>, IOError> {
        bytes.withUnsafeBytes { buffer in
            Result { () throws(IOError) in try socket.write(UnsafeRawBufferPointer(rebasing: buffer[offset...])) }
        }
    }

    /// Reads until the socket would block, feeding the parser.
    private func readAvailable() {
        while state == .active {
            let result: IOResult<Int>
            do {
                result = try pool.withScratchBuffer { buffer throws(IOError) in
                    let result = try socket.read(into: buffer)
                    if case .processed(let count) = result, count > 0 {
                        parser.feed(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
                    }
                    return result
                }
            } catch {
                failIO(error)
                return
            }
            switch result {
            case .wouldBlock:
                return
            case .processed(0):
                parser.feedEndOfStream()
                drainParser(isEndOfStream: true)
                return
            case .processed:
                hasReceivedBytes = true
                drainParser(isEndOfStream: false)
            }
        }
    }

    private func drainParser(isEndOfStream: Bool) {
        do throws(HTTPResponseParserError) {
            while let event = try parser.nextEvent() {
                switch event {
                case .head(let head):
                    self.head = head
                case .body(let piece):
                    if body.isEmpty { body = piece } else { body.append(contentsOf: piece) }
                case .end:
                    complete(isEndOfStream: isEndOfStream)
                    return
                }
            }
        } catch {
            if error.code == .unexpectedEndOfStream {
                failIO(IOError(code: .connectionClosed, function: "read"))
            } else if error.isLimitExceeded {
                fail(HTTPUpstreamError(.responseTooLarge, "The response exceeds the limits", underlying: error))
            } else {
                fail(HTTPUpstreamError(.protocolError, "The response is not valid HTTP/1.1", underlying: error))
            }
        }
    }

    private func complete(isEndOfStream: Bool) {
        guard let head = head.take(), let exchange = exchange.take() else {
            preconditionFailure("a response ended without a head or an exchange")
        }
        exchange.connection = nil
        let response = HTTPUpstreamResponse(
            status: head.status,
            headers: Self.endToEndFields(of: head.headers),
            body: body
        )
        body = []
        // Reuse needs a whole request sent (else the server may still be reading it), a keep-alive response,
        // and nothing sent beyond the response (a server that does that cannot be trusted with the framing).
        if head.isKeepAlive && isWriteComplete && !isEndOfStream && parser.bufferedByteCount == 0 {
            isReused = true
            state = .idle
            pool.release(self)
        } else {
            close()
        }
        pool.finish(exchange, .success(response))
    }

    /// Fails the exchange after an I/O error, deciding whether the stale-connection retry applies.
    private func failIO(_ error: IOError) {
        let isClosedByPeer =
            error.code == .connectionClosed || error.errnoCode == ECONNRESET || error.errnoCode == EPIPE
        // The retry rule: only a reused connection, only before any response byte, only when the peer
        // closed or reset it (not a timeout); idempotent methods always, POST and PATCH only while the request
        // was still being written (the server cannot have acted on an incomplete request).
        let retryable =
            isReused && !hasReceivedBytes && isClosedByPeer
            && (exchange?.isIdempotent == true || !isWriteComplete)
        let message = isClosedByPeer ? "The upstream closed the connection" : "The connection failed"
        fail(HTTPUpstreamError(.connectionClosed, message, underlying: error), retryable: retryable)
    }

    private func fail(_ error: HTTPUpstreamError, retryable: Bool = false) {
        let exchange = self.exchange
        var error = error
        error.address = address
        close()
        if let exchange { pool.connectionFailed(exchange, error: error, retryable: retryable) }
    }

    /// The response fields without framing and hop-by-hop ones, which the caller replaces.
    static func endToEndFields(of fields: HTTPFields) -> HTTPFields {
        var result = HTTPFields()
        result.reserveCapacity(fields.count)
        for field in fields {
            let name = field.name
            switch name.utf8.count {
            case 10 where name.equalsIgnoringASCIICase("connection") || name.equalsIgnoringASCIICase("keep-alive"):
                continue
            case 14 where name.equalsIgnoringASCIICase("content-length"):
                continue
            case 17 where name.equalsIgnoringASCIICase("transfer-encoding"):
                continue
            default:
                result.add(name, field.value)
            }
        }
        return result
    }
}
