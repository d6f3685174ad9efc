import Dispatch
import Foundation
import Synchronization

/// A task executor backed by one dedicated thread, for the latency assertions of the live tests.
///
/// The cooperative pool has two threads here and other test targets share it, so a task resumed there can
/// wait seconds for a free thread when some test hogs the pool. Timing-sensitive steps run with this
/// executor as their preference instead: they are resumed on a thread of their own, so the measured time is
/// the client's latency, not the pool's queue.
final class TestThreadExecutor: TaskExecutor, Sendable {
    /// One executor for the whole test target; its thread lives as long as the test process.
    static let shared = TestThreadExecutor(name: "http-client-tests.executor")

    private let jobs = Mutex<[UnownedJob]>([])
    private let available = DispatchSemaphore(value: 0)

    private init(name: String) {
        let thread = Thread { [self] in
            while true {
                // Blocking is fine here: this is our own thread, not the cooperative pool.
                available.wait()
                let job = jobs.withLock { $0.removeFirst() }
                job.runSynchronously(on: asUnownedTaskExecutor())
            }
        }
        thread.name = name
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.withLock { $0.append(job) }
        available.signal()
    }
}
