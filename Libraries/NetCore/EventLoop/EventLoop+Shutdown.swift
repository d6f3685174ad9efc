import CLinux
import Glibc
import Synchronization

extension EventLoop {
    /// Stops the loop thread after the work already queued has run, and closes its descriptors.
    ///
    /// Any thread except the loop's own (it would wait for itself). Registered handlers are dropped without
    /// being told, so owners close their sockets first. Jobs enqueued afterwards run on the global executor.
    package func shutdownGracefully() async {
        assertNotInEventLoop()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = external.withLock { state -> Bool in
                if state.isStopped { return true }
                state.isShuttingDown = true
                state.shutdownWaiters.append(continuation)
                if state.isSleeping && !state.wakePending {
                    state.wakePending = true
                    wake()
                }
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// Whether the loop thread has stopped.
    package var isStopped: Bool { external.withLock { $0.isStopped } }

    func finishShutdown(_ core: EventLoopCore) {
        // A later thread may get the same pthread id; it must not pass for this loop.
        threadID.store(0, ordering: .relaxed)
        core.registrations.removeAll()
        core.timers = TimerHeap()
        core.pending.removeAll()
        let waiters = external.withLock { state -> [CheckedContinuation<Void, Never>] in
            closeDescriptor(wakeFD)
            closeDescriptor(timerFD)
            defer { state.shutdownWaiters = [] }
            return state.shutdownWaiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
