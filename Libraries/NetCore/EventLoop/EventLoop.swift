import CLinux
import Glibc
import Synchronization

/// One epoll event-loop thread: runs I/O handlers, timers, closures and Swift concurrency jobs.
///
/// A loop watches descriptors through ``register(fd:interest:edgeTriggered:handler:)``, fires timers from a
/// `timerfd` (``scheduleTask(at:_:)``), and runs work handed to it from any thread with ``execute(_:)``,
/// woken through an `eventfd`. It is also a `TaskExecutor`: a task started with
/// `Task(executorPreference: loop)` or under `withTaskExecutorPreference(loop)` runs its nonisolated code
/// on this thread, so an async handler and the socket it answers share one thread with no hops.
///
/// Threading: ``execute(_:)``, ``submit(_:)``, ``enqueue(_:)`` and ``inEventLoop`` may be called from any
/// thread. Everything documented "on the loop" must be called on this loop's thread (checked by
/// `precondition`). Nothing run on the loop may block.
///
/// ```swift
/// let group = try EventLoopGroup(loopCount: 2)
/// let value = try await group.next().submit { 40 + 2 }
/// await group.shutdownGracefully()
/// ```
package final class EventLoop: Sendable {
    struct External: Sendable {
        var work: [LoopWork] = []
        var isSleeping = false
        var wakePending = false
        var isShuttingDown = false
        var isStopped = false
        var shutdownWaiters: [CheckedContinuation<Void, Never>] = []
    }

    static let wakeToken = UInt64.max
    static let timerToken = UInt64.max - 1

    /// The loop's position in its group, for names and logging.
    package let index: Int
    let name: String
    let wakeFD: CInt
    let timerFD: CInt
    let threadID = Atomic<UInt>(0)
    let external = Mutex(External())
    let core: EventLoopCore

    /// Creates a loop; call ``start()`` to run its thread (``EventLoopGroup`` does both).
    ///
    /// - Throws: ``IOError`` if epoll, eventfd or timerfd cannot be created.
    package init(index: Int = 0, name: String = "paylinks-loop") throws(IOError) {
        self.index = index
        self.name = name
        let selector = try Selector()
        wakeFD = try systemCallValue("eventfd") { eventfd(0, paylinks_efd_nonblock() | paylinks_efd_cloexec()) }
        timerFD = try systemCallValue("timerfd_create") {
            timerfd_create(CLOCK_MONOTONIC, paylinks_tfd_nonblock() | paylinks_tfd_cloexec())
        }
        try selector.add(fd: wakeFD, interest: .readable, edgeTriggered: false, token: Self.wakeToken)
        try selector.add(fd: timerFD, interest: .readable, edgeTriggered: false, token: Self.timerToken)
        core = EventLoopCore(selector: selector)
    }

    /// Starts the loop's thread. Call once.
    package func start() {
        OSThread.spawn(name: name) { [self] in runLoop() }
    }

    /// Whether the caller is running on this loop's thread.
    @inline(__always)
    package var inEventLoop: Bool { threadID.load(ordering: .relaxed) == OSThread.currentID }

    /// Traps unless called on this loop's thread (in every build configuration).
    @inline(__always)
    package func preconditionInEventLoop(file: StaticString = #fileID, line: UInt = #line) {
        precondition(inEventLoop, "must be called on event loop \(name)", file: file, line: line)
    }

    /// Traps in debug builds unless called on this loop's thread.
    @inline(__always)
    package func assertInEventLoop(file: StaticString = #fileID, line: UInt = #line) {
        assert(inEventLoop, "must be called on event loop \(name)", file: file, line: line)
    }

    /// Traps in debug builds if called on this loop's thread (for code that would block or deadlock it).
    @inline(__always)
    package func assertNotInEventLoop(file: StaticString = #fileID, line: UInt = #line) {
        assert(!inEventLoop, "must not be called on event loop \(name)", file: file, line: line)
    }

    /// The monotonic time at the start of the current loop iteration. On the loop.
    ///
    /// Cheaper than ``Deadline/now()`` and precise enough for timeouts.
    package var now: Deadline {
        preconditionInEventLoop()
        return core.now
    }

    /// Runs `work` on the loop thread soon, from any thread (in order with other `execute` calls).
    package func execute(_ work: @escaping @Sendable () -> Void) {
        enqueueWork(.closure(work))
    }

    /// Runs `body` on the loop thread and returns its result.
    ///
    /// - Throws: what `body` throws, or ``IOError/Code/eventLoopShutdown`` if the loop has stopped.
    package func submit<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let accepted = external.withLock { !$0.isStopped }
            guard accepted else {
                continuation.resume(throwing: IOError(code: .eventLoopShutdown, function: "submit"))
                return
            }
            execute { continuation.resume(with: Result { try body() }) }
        }
    }

    func enqueueWork(_ work: LoopWork) {
        if inEventLoop {
            core.pending.append(work)
            return
        }
        // The eventfd is written under the lock so that it cannot race with its close at shutdown.
        let runElsewhere = external.withLock { state -> Bool in
            if state.isStopped { return true }
            state.work.append(work)
            if state.isSleeping && !state.wakePending {
                state.wakePending = true
                wake()
            }
            return false
        }
        if runElsewhere { runAfterShutdown(work) }
    }

    func wake() {
        var one: UInt64 = 1
        _ = Glibc.write(wakeFD, &one, 8)
    }

    /// Work arriving after the thread stopped: jobs still have to run somewhere or their tasks would hang.
    private func runAfterShutdown(_ work: LoopWork) {
        switch work {
        case .job(let job): globalConcurrentExecutor.enqueue(job)
        case .closure: break
        }
    }
}
