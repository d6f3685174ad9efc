/// A connected TCP client socket driven by an ``EventLoop``, with async reads and writes.
///
/// Nothing blocks: the socket is non-blocking and registered edge-triggered with its loop; an operation
/// that cannot finish at once suspends the calling task until the loop sees readiness. Calls from a task
/// that prefers the socket's loop as executor avoid any thread hop.
///
/// One read and one write may be outstanding at a time (a second concurrent read traps).
///
/// ```swift
/// let socket = try await AsyncTCPSocket.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 8080))
/// try await socket.write(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
/// let bytes = try await socket.read(timeout: .seconds(5))
/// await socket.close()
/// ```
package final class AsyncTCPSocket: Sendable {
    /// The loop that drives the socket.
    package var eventLoop: EventLoop { handler.eventLoop }
    private let handler: LoopBound<AsyncTCPSocketHandler>
    /// The local port the socket is bound to.
    package let localPort: Int

    private init(handler: LoopBound<AsyncTCPSocketHandler>, localPort: Int) {
        self.handler = handler
        self.localPort = localPort
    }

    /// Connects to `address`.
    ///
    /// - Parameters:
    ///   - address: the server.
    ///   - eventLoop: the loop to drive the socket (default: the shared group's next loop).
    ///   - timeout: how long the TCP handshake may take (default 10 s).
    /// - Throws: ``IOError`` (`ECONNREFUSED`, ``IOError/Code/timedOut``, …).
    package static func connect(
        to address: SocketAddress,
        on eventLoop: EventLoop = EventLoopGroup.singleton.next(),
        timeout: Duration = .seconds(10)
    ) async throws -> AsyncTCPSocket {
        let socket = try Socket.makeTCP(for: address)
        let connected: Bool
        let localPort: Int
        do {
            try socket.setNoDelay()
            connected = try socket.connect(to: address)
            localPort = try socket.localAddress().port
        } catch {
            socket.close()
            throw error
        }
        // From here on the handler owns the descriptor and closes it.
        let bound = try await eventLoop.submit {
            LoopBound(AsyncTCPSocketHandler(socket: socket, eventLoop: eventLoop), eventLoop: eventLoop)
        }
        let tcp = AsyncTCPSocket(handler: bound, localPort: localPort)
        do {
            try await tcp.onLoop { handler, continuation in
                handler.startConnect(alreadyConnected: connected, timeout: timeout, continuation)
            }
        } catch {
            await tcp.close()
            throw error
        }
        return tcp
    }

    /// Writes all of `bytes`, suspending while the socket's send buffer is full.
    ///
    /// - Throws: ``IOError`` if the connection fails or is closed.
    package func write(_ bytes: [UInt8]) async throws {
        guard !bytes.isEmpty else { return }
        try await onLoop { handler, continuation in handler.startWrite(bytes, continuation) }
    }

    /// Reads what is available, up to `maxBytes`, waiting at most `timeout` for the first byte.
    ///
    /// - Returns: the bytes read; an empty array means the peer closed its side (end of stream).
    /// - Throws: ``IOError`` with code ``IOError/Code/timedOut`` when nothing arrived in time, or a
    ///   system-call error such as `ECONNRESET`.
    package func read(maxBytes: Int = 65536, timeout: Duration = .seconds(10)) async throws -> [UInt8] {
        try await onLoop { handler, continuation in
            handler.startRead(maxBytes: maxBytes, timeout: timeout, continuation)
        }
    }

    /// Sends FIN: the peer sees end of stream; reading stays possible.
    package func shutdownOutput() async {
        try? await onLoop { (handler, continuation: CheckedContinuation<Void, any Error>) in
            handler.shutdownOutput()
            continuation.resume()
        }
    }

    /// Closes the socket; outstanding operations fail with ``IOError/Code/connectionClosed``.
    package func close() async {
        try? await onLoop { (handler, continuation: CheckedContinuation<Void, any Error>) in
            handler.close()
            continuation.resume()
        }
    }

    private func onLoop<T: Sendable>(
        _ body: @escaping @Sendable (AsyncTCPSocketHandler, CheckedContinuation<T, any Error>) -> Void
    ) async throws -> T {
        let handler = self.handler
        return try await withCheckedThrowingContinuation { continuation in
            if handler.eventLoop.inEventLoop {
                body(handler.value, continuation)
            } else {
                handler.eventLoop.execute { body(handler.value, continuation) }
            }
        }
    }
}
