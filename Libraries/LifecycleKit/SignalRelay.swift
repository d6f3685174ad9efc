internal import CLinux
import Glibc
import Synchronization

/// Delivers process signals to subscribers without a window in which a signal is lost.
///
/// ``subscribe(to:_:)`` registers the callback first and then installs a handler with `sigaction`, both before
/// it returns; the handler writes the signal number to a pipe that one reader thread drains. A signal nobody is
/// subscribed to any more is ignored (the handler stays installed), so a late SIGTERM during shutdown cannot kill
/// the process half-way.
package final class SignalRelay: Sendable {
    /// The one relay of the process (signal dispositions are process-wide).
    package static let shared = SignalRelay()

    /// A registration; pass it to ``unsubscribe(_:)``.
    package struct Subscription: Hashable, Sendable {
        fileprivate let id: UInt64
    }

    private struct State {
        var nextID: UInt64 = 0
        var callbacks: [UInt64: (signal: Int32, callback: @Sendable (Int32) -> Void)] = [:]
        var readerStarted = false
    }

    private let state = Mutex(State())

    private init() {}

    /// Calls `callback` (on the relay's thread) each time `signal` arrives, until unsubscribed.
    ///
    /// - Returns: `nil` when the handler cannot be installed (for example `SIGKILL`).
    package func subscribe(to signal: Int32, _ callback: @escaping @Sendable (Int32) -> Void) -> Subscription? {
        let (id, startReader) = state.withLock { state -> (UInt64, Bool) in
            state.nextID += 1
            state.callbacks[state.nextID] = (signal, callback)
            defer { state.readerStarted = true }
            return (state.nextID, !state.readerStarted)
        }
        if startReader { startReaderThread() }
        guard paylinks_signal_relay_install(signal) == 0 else {
            state.withLock { _ = $0.callbacks.removeValue(forKey: id) }
            return nil
        }
        return Subscription(id: id)
    }

    /// Stops calling the subscription's callback.
    package func unsubscribe(_ subscription: Subscription) {
        state.withLock { _ = $0.callbacks.removeValue(forKey: subscription.id) }
    }

    /// Whether the relay's handler is installed for `signal` (tests wait for this before sending one).
    package static func isInstalled(_ signal: Int32) -> Bool { paylinks_signal_relay_is_installed(signal) != 0 }

    private func startReaderThread() {
        let fd = paylinks_signal_relay_fd()
        guard fd >= 0 else { return }
        var thread = pthread_t()
        let box = Unmanaged.passRetained(ReaderContext(relay: self, fd: fd))
        let result = pthread_create(
            &thread,
            nil,
            { raw in
                let context = Unmanaged<ReaderContext>.fromOpaque(raw!).takeRetainedValue()
                context.relay.readLoop(fd: context.fd)
                return nil
            },
            box.toOpaque()
        )
        if result == 0 { pthread_detach(thread) } else { box.release() }
    }

    private func readLoop(fd: Int32) {
        _ = paylinks_pthread_setname("signal-relay")
        var byte: UInt8 = 0
        while true {
            let count = read(fd, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            guard count == 1 else { return }
            let number = Int32(byte)
            let callbacks = state.withLock { state in
                state.callbacks.values.filter { $0.signal == number }.map(\.callback)
            }
            for callback in callbacks { callback(number) }
        }
    }
}

private final class ReaderContext: Sendable {
    let relay: SignalRelay
    let fd: Int32

    init(relay: SignalRelay, fd: Int32) {
        self.relay = relay
        self.fd = fd
    }
}
