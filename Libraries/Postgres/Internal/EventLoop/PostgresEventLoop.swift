import CLibPQ
import Foundation
import Glibc
import Synchronization

/// The I/O thread that runs every libpq call of this process: one thread, `poll()` over the sockets of all
/// connections plus an eventfd for wake-ups.
///
/// Why this design: libpq calls block or need socket readiness, and the Swift cooperative pool (2 threads here)
/// must never block. A thread per connection (blocking libpq) would be simpler, but every query would then
/// cost a thread hand-off in both directions and the thread count would grow with the pools. Instead libpq
/// runs in non-blocking mode (`PQconnectStart`/`PQconnectPoll`, `PQsendQueryParams`/`PQsendQueryPrepared`,
/// `PQflush`, `PQconsumeInput`/`PQisBusy`/`PQgetResult`) driven by this loop: a query costs one eventfd write
/// (only when the loop is asleep in `poll`), a send and a receive on the socket, and one continuation resume.
/// Results are copied into a ``PostgresRowStorage`` here, so async code never touches a `PGresult`.
///
/// Threading contract: tasks given to ``execute(_:)`` run on the loop thread, in submission order, and receive
/// the loop-confined ``PostgresEventLoopCore``; they must not block. Everything that touches libpq state is
/// reached only through such tasks. (DNS resolution inside `PQconnectStartParams` may block the loop briefly;
/// use IP addresses or a local resolver for hosts.)
final class PostgresEventLoop: Sendable {
    typealias Task = @Sendable (PostgresEventLoopCore) -> Void

    /// The process-wide loop, started on first use; its thread lives as long as the process.
    static let shared = PostgresEventLoop(name: "paylinks-postgres-io")

    private struct State {
        var tasks: [Task] = []
        /// The loop is (about to be) asleep in `poll` and needs an eventfd write to see new tasks.
        var isPolling = false
    }

    private let state = Mutex(State())
    private let wakeDescriptor: Int32
    private let threadID = Atomic<UInt>(0)
    private let nextKey = Atomic<Int>(1)

    private init(name: String) {
        let descriptor = paylinks_pq_eventfd()
        precondition(descriptor >= 0, "eventfd failed: errno \(errno)")
        wakeDescriptor = descriptor
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    /// Runs `task` on the loop thread, after the tasks submitted before it.
    func execute(_ task: @escaping Task) {
        let mustWake = state.withLock { state in
            state.tasks.append(task)
            guard state.isPolling else { return false }
            state.isPolling = false
            return true
        }
        if mustWake {
            var one: UInt64 = 1
            _ = write(wakeDescriptor, &one, MemoryLayout<UInt64>.size)
        }
    }

    /// A new key identifying a connection within this loop.
    func makeConnectionKey() -> Int {
        nextKey.wrappingAdd(1, ordering: .relaxed).oldValue
    }

    /// Whether the caller runs on the loop thread (for assertions).
    var inEventLoop: Bool { threadID.load(ordering: .relaxed) == UInt(pthread_self()) }

    private func run() {
        threadID.store(UInt(pthread_self()), ordering: .relaxed)
        let core = PostgresEventLoopCore()
        var batch: [Task] = []
        var descriptors: [pollfd] = []
        while true {
            state.withLock { state in swap(&batch, &state.tasks) }
            for task in batch { task(core) }
            batch.removeAll(keepingCapacity: true)

            descriptors.removeAll(keepingCapacity: true)
            descriptors.append(pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0))
            core.appendPollDescriptors(to: &descriptors)
            let timeout = core.pollTimeoutMilliseconds(now: .now)
            let mayBlock = state.withLock { state in
                guard state.tasks.isEmpty else { return false }
                state.isPolling = true
                return true
            }
            let ready = poll(&descriptors, nfds_t(descriptors.count), mayBlock ? timeout : 0)
            if mayBlock { state.withLock { $0.isPolling = false } }
            if ready < 0 {
                precondition(errno == EINTR, "poll failed: errno \(errno)")
                continue
            }
            if descriptors[0].revents != 0 {
                var value: UInt64 = 0
                _ = read(wakeDescriptor, &value, MemoryLayout<UInt64>.size)
            }
            if ready > 0 {
                core.handlePollResults(descriptors)
            }
            core.handleDeadlines(now: .now)
        }
    }
}
