import CLinux
import Glibc

/// The loop-confined half of ``AsyncTCPSocket``: owns the descriptor and the pending continuations.
final class AsyncTCPSocketHandler: SelectableHandler {
    private struct Pending<T> {
        var continuation: CheckedContinuation<T, any Error>
        var timer: TimerID?
    }

    let eventLoop: EventLoop
    private let socket: Socket
    private var isRegistered = false
    private var isClosed = false
    private var connectWaiter: Pending<Void>?
    private var readWaiter: Pending<[UInt8]>?
    private var readMaxBytes = 0
    private var writeWaiter: Pending<Void>?
    private var writeBytes: [UInt8] = []
    private var writeOffset = 0

    init(socket: Socket, eventLoop: EventLoop) {
        self.socket = socket
        self.eventLoop = eventLoop
    }

    func startConnect(alreadyConnected: Bool, timeout: Duration, _ continuation: CheckedContinuation<Void, any Error>) {
        do {
            try eventLoop.register(
                fd: socket.fd,
                interest: [.readable, .writable, .readHangup],
                edgeTriggered: true,
                handler: self
            )
            isRegistered = true
        } catch {
            continuation.resume(throwing: error)
            return
        }
        if alreadyConnected {
            continuation.resume()
            return
        }
        let timer = eventLoop.scheduleTask(in: timeout) { [self] in
            guard let waiter = connectWaiter else { return }
            connectWaiter = nil
            waiter.continuation.resume(throwing: IOError(code: .timedOut, function: "connect"))
        }
        connectWaiter = Pending(continuation: continuation, timer: timer)
    }

    func startRead(maxBytes: Int, timeout: Duration, _ continuation: CheckedContinuation<[UInt8], any Error>) {
        precondition(readWaiter == nil, "only one read may be outstanding")
        guard !isClosed else {
            continuation.resume(throwing: IOError(code: .connectionClosed, function: "read"))
            return
        }
        readMaxBytes = maxBytes
        readWaiter = Pending(continuation: continuation, timer: nil)
        tryRead()
        guard readWaiter != nil else { return }
        readWaiter?.timer = eventLoop.scheduleTask(in: timeout) { [self] in
            guard let waiter = readWaiter else { return }
            readWaiter = nil
            waiter.continuation.resume(throwing: IOError(code: .timedOut, function: "read"))
        }
    }

    func startWrite(_ bytes: [UInt8], _ continuation: CheckedContinuation<Void, any Error>) {
        precondition(writeWaiter == nil, "only one write may be outstanding")
        guard !isClosed else {
            continuation.resume(throwing: IOError(code: .connectionClosed, function: "write"))
            return
        }
        writeBytes = bytes
        writeOffset = 0
        writeWaiter = Pending(continuation: continuation, timer: nil)
        tryWrite()
    }

    func shutdownOutput() {
        guard !isClosed else { return }
        socket.shutdownOutput()
    }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        if isRegistered { eventLoop.deregister(fd: socket.fd) }
        socket.close()
        let closed = IOError(code: .connectionClosed, function: "close")
        if let waiter = connectWaiter.take() { finish(waiter, .failure(closed)) }
        if let waiter = readWaiter.take() { finish(waiter, .failure(closed)) }
        if let waiter = writeWaiter.take() { finish(waiter, .failure(closed)) }
    }

    func handleEvents(_ events: IOEvents) {
        if connectWaiter != nil, !events.isDisjoint(with: [.writable, .error, .hangup]) {
            let waiter = connectWaiter.take()!
            let error = socket.pendingError()
            finish(waiter, error == 0 ? .success(()) : .failure(IOError(errno: error, function: "connect")))
        }
        if readWaiter != nil { tryRead() }
        if writeWaiter != nil { tryWrite() }
    }

    private func tryRead() {
        guard readWaiter != nil else { return }
        var bytes = [UInt8](repeating: 0, count: readMaxBytes)
        let result: Result<[UInt8], any Error>
        do {
            let outcome = try bytes.withUnsafeMutableBytes { buffer throws(IOError) in try socket.read(into: buffer) }
            switch outcome {
            case .wouldBlock: return
            case .processed(let count):
                bytes.removeLast(bytes.count - count)
                result = .success(bytes)
            }
        } catch {
            result = .failure(error)
        }
        let waiter = readWaiter.take()!
        finish(waiter, result)
    }

    private func tryWrite() {
        guard writeWaiter != nil else { return }
        while writeOffset < writeBytes.count {
            do {
                let result = try writeBytes.withUnsafeBytes { buffer throws(IOError) in
                    try socket.write(UnsafeRawBufferPointer(rebasing: buffer[writeOffset...]))
                }
                switch result {
                case .wouldBlock: return
                case .processed(let count): writeOffset += count
                }
            } catch {
                let waiter = writeWaiter.take()!
                finish(waiter, .failure(error))
                return
            }
        }
        writeBytes = []
        let waiter = writeWaiter.take()!
        finish(waiter, .success(()))
    }

    private func finish<T: Sendable>(_ waiter: Pending<T>, _ result: sending Result<T, any Error>) {
        if let timer = waiter.timer { eventLoop.cancelTask(timer) }
        waiter.continuation.resume(with: result)
    }
}
