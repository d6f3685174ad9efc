extension Socket {
    /// Creates a non-blocking TCP socket bound to `address` and listening.
    ///
    /// - Parameters:
    ///   - address: where to listen; port 0 picks a free port (read it back with ``localAddress()``).
    ///   - backlog: the accept queue length.
    ///   - reusePort: set `SO_REUSEPORT` so that several sockets (one per event loop) share the port.
    /// - Throws: ``IOError`` (`EADDRINUSE`, …); the socket is closed on failure.
    package static func makeListening(
        at address: SocketAddress,
        backlog: Int = 1024,
        reusePort: Bool = false
    ) throws(IOError) -> Socket {
        let socket = try Socket.makeTCP(for: address)
        do {
            try socket.setReuseAddress()
            if reusePort { try socket.setReusePort() }
            try socket.bind(to: address)
            try socket.listen(backlog: backlog)
            return socket
        } catch {
            socket.close()
            throw error
        }
    }
}
