import HTTPCore
import LogKit
import NetCore

/// The server's state on one event loop: its listening socket, its connections, the per-loop read buffer
/// and date cache, and the queue through which new connections reach the loop's driver task.
///
/// Loop-confined. The driver task (a child of ``HTTPServer/run()`` whose executor is this loop) takes
/// connections from ``nextConnection()`` and starts one serve task per connection.
final class ServerLoop: SelectableHandler {
    let eventLoop: EventLoop
    let configuration: HTTPServerConfiguration
    let responder: any HTTPResponder
    let logger: Logger
    /// Scratch space for socket reads, shared by every connection on this loop (the parser copies).
    let readBuffer: UnsafeMutableRawBufferPointer
    var dateCache = DateCache()
    let maxBufferedInboundBytes: Int

    private var listener: Socket?
    private var connections: [CInt: HTTPConnection] = [:]
    private var pendingConnections: [LoopBound<HTTPConnection>] = []
    private var driverWaiter: UnsafeContinuation<LoopBound<HTTPConnection>?, Never>?
    private(set) var isQuiescing = false
    /// With ``HTTPServerConfiguration/ListenStrategy/singleAcceptor``: the loops accepted sockets go to.
    var peers: [LoopBound<ServerLoop>] = []
    private var nextPeer = 0
    private(set) var acceptedCount = 0

    init(eventLoop: EventLoop, configuration: HTTPServerConfiguration, responder: any HTTPResponder, logger: Logger) {
        self.eventLoop = eventLoop
        self.configuration = configuration
        self.responder = responder
        self.logger = logger
        self.readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
        // The parser must always be able to buffer a whole head, so reading never stops below that.
        self.maxBufferedInboundBytes = max(
            configuration.maxBufferedInboundBytes,
            configuration.limits.maxHeaderBytes + 1
        )
    }

    deinit {
        readBuffer.deallocate()
    }

    /// Starts accepting on `listener`. On the loop.
    func startListening(on listener: Socket) throws(IOError) {
        eventLoop.preconditionInEventLoop()
        try eventLoop.register(fd: listener.fd, interest: .readable, edgeTriggered: false, handler: self)
        self.listener = listener
    }

    /// The listener is readable: accept what is pending (level-triggered, so a bounded batch is fine).
    func handleEvents(_ events: IOEvents) {
        guard let listener else { return }
        for _ in 0..<256 {
            let accepted: IOResult<Socket>
            do {
                accepted = try listener.accept()
            } catch {
                // EMFILE/ENFILE and the like: the connection stays queued and the level-triggered listener
                // would report it again at once, spinning the loop. Pause accepting for a moment instead.
                logger.warning("accept failed; pausing accepts", metadata: [LogKeys.error: "\(error)"])
                pauseAccepting(listener)
                return
            }
            guard case .processed(let socket) = accepted else { return }
            acceptedCount += 1
            distribute(socket)
        }
    }

    private func pauseAccepting(_ listener: Socket) {
        eventLoop.deregister(fd: listener.fd)
        eventLoop.scheduleTask(in: .milliseconds(100)) { [self] in
            guard let current = self.listener, current == listener else { return }
            do {
                try eventLoop.register(fd: listener.fd, interest: .readable, edgeTriggered: false, handler: self)
            } catch {
                pauseAccepting(listener)
            }
        }
    }

    private func distribute(_ socket: Socket) {
        guard !peers.isEmpty else { return adopt(socket) }
        let peer = peers[nextPeer % peers.count]
        nextPeer &+= 1
        if peer.eventLoop === eventLoop { return adopt(socket) }
        peer.eventLoop.execute { peer.value.adopt(socket) }
    }

    /// Takes ownership of an accepted socket: creates its connection and hands it to the driver.
    func adopt(_ socket: Socket) {
        eventLoop.preconditionInEventLoop()
        guard !isQuiescing else { return socket.close() }
        try? socket.setNoDelay()
        let remote = try? socket.remoteAddress()
        let local = try? socket.localAddress()
        let info = HTTPConnectionInfo(
            remoteAddress: remote?.host ?? "",
            remotePort: remote?.port ?? 0,
            localPort: local?.port ?? 0
        )
        let connection = HTTPConnection(socket: socket, server: self, info: info)
        do {
            try connection.start()
        } catch {
            socket.close()
            return
        }
        connections[socket.fd] = connection
        let handle = LoopBound(connection, eventLoop: eventLoop)
        if let waiter = driverWaiter {
            driverWaiter = nil
            waiter.resume(returning: handle)
        } else {
            pendingConnections.append(handle)
        }
        connection.readAvailable()
    }

    /// The next accepted connection for the driver, or `nil` once the server is shutting down.
    func nextConnection() async -> LoopBound<HTTPConnection>? {
        eventLoop.preconditionInEventLoop()
        if !pendingConnections.isEmpty { return pendingConnections.removeFirst() }
        if isQuiescing { return nil }
        return await withUnsafeContinuation { driverWaiter = $0 }
    }

    func connectionClosed(_ connection: HTTPConnection) {
        connections[connection.socket.fd] = nil
    }

    /// Graceful shutdown: stop accepting (close the listener), close idle connections, let busy ones
    /// finish with `Connection: close`, and release the driver once no new connection can arrive.
    func beginShutdown() {
        eventLoop.preconditionInEventLoop()
        guard !isQuiescing else { return }
        isQuiescing = true
        closeListener()
        for connection in Array(connections.values) { connection.shutdownRequested() }
        if let waiter = driverWaiter {
            driverWaiter = nil
            waiter.resume(returning: nil)
        }
    }

    /// The grace period is over (or the server was cancelled): close every connection now.
    func closeAllConnections() {
        eventLoop.preconditionInEventLoop()
        beginShutdown()
        for connection in Array(connections.values) { connection.close() }
    }

    private func closeListener() {
        guard let listener else { return }
        self.listener = nil
        eventLoop.deregister(fd: listener.fd)
        listener.close()
    }

    /// Counters for tests and debugging.
    var statistics: HTTPServerStatistics {
        var statistics = HTTPServerStatistics()
        statistics.connectionCount = connections.count
        statistics.acceptedConnectionCount = acceptedCount
        for connection in connections.values {
            statistics.bufferedOutboundBytes += connection.pendingOutboundCount
            statistics.bufferedInboundBytes += connection.parser.bufferedByteCount + connection.currentBody.count
        }
        return statistics
    }
}
