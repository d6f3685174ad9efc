import Glibc
import NetCore
import Testing

/// Accepts connections on a loop and echoes what it reads, for socket round-trip tests.
private final class EchoListener: SelectableHandler {
    let listener: Socket
    let loop: EventLoop
    var clients: [CInt: EchoClient] = [:]

    init(listener: Socket, loop: EventLoop) {
        self.listener = listener
        self.loop = loop
    }

    func handleEvents(_ events: IOEvents) {
        while case .processed(let socket) = try? listener.accept() {
            let client = EchoClient(socket: socket, loop: loop)
            clients[socket.fd] = client
            try? loop.register(
                fd: socket.fd,
                interest: [.readable, .readHangup],
                edgeTriggered: false,
                handler: client
            )
        }
    }

    func close() {
        loop.deregister(fd: listener.fd)
        listener.close()
        for client in clients.values { client.close() }
    }
}

private final class EchoClient: SelectableHandler {
    let socket: Socket
    let loop: EventLoop
    var closed = false

    init(socket: Socket, loop: EventLoop) {
        self.socket = socket
        self.loop = loop
    }

    func handleEvents(_ events: IOEvents) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let result = buffer.withUnsafeMutableBytes { try? socket.read(into: $0) }
        switch result {
        case .processed(let count) where count > 0:
            if buffer[0] == UInt8(ascii: "!") {
                close()
                return
            }
            // Echo all of it: a partial write (full send buffer) is retried until the bytes are out.
            var sent = 0
            while sent < count {
                let result = buffer.withUnsafeBytes {
                    try? socket.write(UnsafeRawBufferPointer(rebasing: $0[sent..<count]))
                }
                switch result {
                case .processed(let written): sent += written
                case .wouldBlock: continue
                default:
                    close()
                    return
                }
            }
        case .wouldBlock: break
        default: close()
        }
    }

    func close() {
        guard !closed else { return }
        closed = true
        loop.deregister(fd: socket.fd)
        socket.close()
    }
}

@Suite struct SocketTests {
    private func withEchoServer(_ body: (Int) async throws -> Void) async throws {
        let group = try EventLoopGroup(loopCount: 1, name: "test-echo")
        let loop = group.next()
        let listener = try Socket.makeListening(at: SocketAddress(ipAddress: "127.0.0.1", port: 0))
        let port = try listener.localAddress().port
        let echo = try await loop.submit {
            let echo = EchoListener(listener: listener, loop: loop)
            try loop.register(fd: listener.fd, interest: .readable, edgeTriggered: false, handler: echo)
            return LoopBound(echo, eventLoop: loop)
        }
        do {
            try await body(port)
        } catch {
            _ = try? await loop.submit { echo.value.close() }
            await group.shutdownGracefully()
            throw error
        }
        _ = try await loop.submit { echo.value.close() }
        await group.shutdownGracefully()
    }

    @Test func acceptConnectReadWriteRoundTrip() async throws {
        try await withEchoServer { port in
            let socket = try await AsyncTCPSocket.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: port))
            #expect(socket.localPort > 0)
            try await socket.write(Array("hello".utf8))
            var received: [UInt8] = []
            while received.count < 5 { received += try await socket.read(timeout: .seconds(5)) }
            #expect(String(decoding: received, as: UTF8.self) == "hello")
            await socket.close()
        }
    }

    @Test func readReportsEndOfStreamWhenThePeerCloses() async throws {
        try await withEchoServer { port in
            let socket = try await AsyncTCPSocket.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: port))
            try await socket.write(Array("!".utf8))
            let bytes = try await socket.read(timeout: .seconds(5))
            #expect(bytes.isEmpty)
            await socket.close()
        }
    }

    @Test func readTimesOut() async throws {
        try await withEchoServer { port in
            let socket = try await AsyncTCPSocket.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: port))
            let start = Deadline.now()
            await #expect {
                _ = try await socket.read(timeout: .milliseconds(100))
            } throws: { error in
                (error as? IOError)?.code == .timedOut
            }
            #expect(Deadline.now() - start >= .milliseconds(100))
            await socket.close()
        }
    }

    @Test func largeWritesCompleteWhileThePeerReads() async throws {
        try await withEchoServer { port in
            let socket = try await AsyncTCPSocket.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: port))
            // Letters only: a chunk starting with "!" would make the echo server hang up.
            let payload = (0..<200_000).map { UInt8(ascii: "A") + UInt8($0 % 26) }
            async let written: Void = socket.write(payload)
            var received: [UInt8] = []
            while received.count < payload.count { received += try await socket.read(timeout: .seconds(5)) }
            try await written
            #expect(received == payload)
            await socket.close()
        }
    }

    @Test func connectingToAClosedPortIsRefused() async throws {
        let listener = try Socket.makeListening(at: SocketAddress(ipAddress: "127.0.0.1", port: 0))
        let port = try listener.localAddress().port
        listener.close()
        await #expect {
            _ = try await AsyncTCPSocket.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: port))
        } throws: { error in
            (error as? IOError)?.errnoCode == ECONNREFUSED
        }
    }

    @Test func addressesParseAndResolve() async throws {
        let v4 = try SocketAddress(ipAddress: "127.0.0.1", port: 8080)
        #expect(v4.description == "127.0.0.1:8080")
        let v6 = try SocketAddress(ipAddress: "::1", port: 443)
        #expect(v6.description == "[::1]:443")
        #expect(throws: IOError.self) { try SocketAddress(ipAddress: "not-an-ip", port: 1) }
        let resolved = try await SocketAddress.resolve(host: "localhost", port: 80)
        #expect(resolved.port == 80)
    }
}
