import CLinux
import Glibc

/// A TCP socket descriptor and the system calls NetCore makes on it.
///
/// A plain value around the descriptor: copying it does not duplicate the socket, and it is closed only by
/// an explicit ``close()``. Sockets are non-blocking unless created with `blocking: true` (for test load
/// generators running on their own threads). Reads and writes return ``IOResult/wouldBlock`` instead of
/// waiting; wait for readiness through an ``EventLoop`` registration.
package struct Socket: Sendable, Hashable {
    /// The descriptor.
    package let fd: CInt

    /// Wraps an existing descriptor (taking no ownership beyond what the caller gives).
    package init(fd: CInt) { self.fd = fd }

    /// Creates an unconnected TCP socket for `family`'s addresses.
    ///
    /// - Throws: ``IOError`` if `socket` fails.
    package static func makeTCP(for address: SocketAddress, blocking: Bool = false) throws(IOError) -> Socket {
        var type = paylinks_sock_stream() | paylinks_sock_cloexec()
        if !blocking { type |= paylinks_sock_nonblock() }
        let fd = try systemCallValue("socket") { Glibc.socket(address.family, type, 0) }
        return Socket(fd: fd)
    }

    /// Sets an integer socket option.
    package func setOption(level: CInt, name: CInt, value: CInt) throws(IOError) {
        var value = value
        _ = try systemCallValue("setsockopt") {
            setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<CInt>.size))
        }
    }

    /// Enables `SO_REUSEADDR` (rebinding a port in TIME_WAIT).
    package func setReuseAddress() throws(IOError) { try setOption(level: SOL_SOCKET, name: SO_REUSEADDR, value: 1) }

    /// Enables `SO_REUSEPORT` (several listening sockets sharing one port, balanced by the kernel).
    package func setReusePort() throws(IOError) {
        try setOption(level: SOL_SOCKET, name: paylinks_so_reuseport(), value: 1)
    }

    /// Disables Nagle's algorithm (`TCP_NODELAY`) so small responses leave at once.
    package func setNoDelay() throws(IOError) {
        try setOption(level: paylinks_ipproto_tcp(), name: paylinks_tcp_nodelay(), value: 1)
    }

    /// Binds to `address`.
    package func bind(to address: SocketAddress) throws(IOError) {
        _ = try address.withSockAddr { pointer, length throws(IOError) in
            try systemCallValue("bind(\(address))") { Glibc.bind(fd, pointer, length) }
        }
    }

    /// Starts listening with the given accept backlog.
    package func listen(backlog: Int) throws(IOError) {
        _ = try systemCallValue("listen") { Glibc.listen(fd, CInt(clamping: backlog)) }
    }

    /// Accepts one pending connection as a non-blocking, close-on-exec socket.
    ///
    /// - Returns: ``IOResult/wouldBlock`` when none is pending.
    /// - Throws: ``IOError`` for failures other than a connection aborted before it was accepted (which
    ///   reads as `wouldBlock`'s sibling: try again).
    package func accept() throws(IOError) -> IOResult<Socket> {
        while true {
            let result = paylinks_accept4(fd, nil, nil, paylinks_sock_nonblock() | paylinks_sock_cloexec())
            if result >= 0 { return .processed(Socket(fd: result)) }
            switch errno {
            case EINTR, ECONNABORTED, EPROTO: continue
            case EAGAIN: return .wouldBlock
            case let error: throw IOError(errno: error, function: "accept4")
            }
        }
    }

    /// Starts connecting to `address`.
    ///
    /// - Returns: `true` if connected already, `false` if in progress (wait for writability, then check
    ///   ``pendingError()``).
    package func connect(to address: SocketAddress) throws(IOError) -> Bool {
        try address.withSockAddr { pointer, length throws(IOError) -> Bool in
            while true {
                if Glibc.connect(fd, pointer, length) == 0 { return true }
                switch errno {
                case EINTR: continue
                case EINPROGRESS: return false
                case let error: throw IOError(errno: error, function: "connect(\(address))")
                }
            }
        }
    }

    /// The socket's pending error (`SO_ERROR`), 0 if none; reading it clears it.
    package func pendingError() -> CInt {
        var value: CInt = 0
        var length = socklen_t(MemoryLayout<CInt>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &value, &length) == 0 else { return errno }
        return value
    }

    /// Reads up to `buffer.count` bytes; `.processed(0)` means the peer closed its side.
    package func read(into buffer: UnsafeMutableRawBufferPointer) throws(IOError) -> IOResult<Int> {
        try systemCall("read") { Glibc.read(fd, buffer.baseAddress, buffer.count) }
    }

    /// Writes up to `buffer.count` bytes without raising `SIGPIPE`; returns how many were taken.
    package func write(_ buffer: UnsafeRawBufferPointer) throws(IOError) -> IOResult<Int> {
        try systemCall("send") { Glibc.send(fd, buffer.baseAddress, buffer.count, paylinks_msg_nosignal()) }
    }

    /// Shuts down the writing side (sends FIN) while leaving reading open.
    package func shutdownOutput() {
        _ = Glibc.shutdown(fd, paylinks_shut_wr())
    }

    /// The local address the socket is bound to.
    package func localAddress() throws(IOError) -> SocketAddress {
        try address { getsockname(fd, $0, $1) }
    }

    /// The peer's address.
    package func remoteAddress() throws(IOError) -> SocketAddress {
        try address { getpeername(fd, $0, $1) }
    }

    /// Closes the descriptor.
    package func close() { closeDescriptor(fd) }

    private func address(
        _ call: (UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> CInt
    ) throws(IOError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { call($0, &length) }
        }
        guard result == 0 else { throw IOError(errno: errno, function: "getsockname") }
        guard let address = SocketAddress(storage: storage) else {
            throw IOError(code: .invalidAddress, function: "getsockname")
        }
        return address
    }
}
