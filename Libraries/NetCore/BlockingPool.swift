/// A fixed set of threads for work that blocks: file reads, `getaddrinfo`, password hashing, a blocking
/// C library call. Modelled on NIO's `NIOThreadPool`.
///
/// The cooperative pool has as many threads as cores (two here), so one blocking call there stalls half
/// of all async code. ``run(_:)`` moves the closure onto a pool thread and suspends the caller until it
/// finishes, without blocking any cooperative thread.
///
/// ```swift
/// let data = try await BlockingPool.shared.run { try readFileBlocking(path) }
/// ```
///
/// Threading: every member may be used from any thread. Closures run on pool threads in FIFO order.
package final class BlockingPool: Sendable {
    fileprivate struct State {
        var items: [@Sendable () -> Void] = []
        var head = 0
        var isShutdown = false
        var runningThreads = 0

        var hasWork: Bool { head < items.count }

        mutating func pop() -> (@Sendable () -> Void)? {
            guard hasWork else { return nil }
            let item = items[head]
            head += 1
            if head == items.count {
                items.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 1024 && head * 2 >= items.count {
                items.removeFirst(head)
                head = 0
            }
            return item
        }
    }

    private let state = ConditionLock(State())

    /// The number of threads.
    package let threadCount: Int

    /// Starts `threadCount` threads named `name-N`.
    package init(threadCount: Int, name: String = "paylinks-blocking") {
        precondition(threadCount > 0, "a blocking pool needs at least one thread")
        self.threadCount = threadCount
        state.withLock(signal: false) { $0.runningThreads = threadCount }
        for index in 0..<threadCount {
            OSThread.spawn(name: "\(name)-\(index)") { [state] in Self.work(state) }
        }
    }

    /// A process-wide pool (four threads, or one per core if more) that is never shut down.
    package static let shared = BlockingPool(threadCount: max(4, EventLoopGroup.coreCount))

    /// Runs `body` on a pool thread and returns its result.
    ///
    /// - Throws: what `body` throws; `CancellationError` if the task is already cancelled (the closure is
    ///   then not run). Once started, a closure runs to completion even if the task is cancelled.
    package func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try Task.checkCancellation()
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let accepted = state.withLock { state -> Bool in
                guard !state.isShutdown else { return false }
                state.items.append { continuation.resume(with: Result { try body() }) }
                return true
            }
            if !accepted {
                continuation.resume(throwing: IOError(code: .eventLoopShutdown, function: "BlockingPool.run"))
            }
        }
    }

    /// Stops accepting work; threads exit once the queued work has run. Any thread; returns at once.
    package func shutdown() {
        state.withLock(broadcast: true) { $0.isShutdown = true }
    }

    private static func work(_ state: ConditionLock<State>) {
        // Worker threads block here by design: they are the pool's own threads, never the cooperative pool's.
        while true {
            let item = state.waitUntilWorkOrShutdown { state -> (@Sendable () -> Void)? in
                if let item = state.pop() { return item }
                state.runningThreads -= 1
                return nil
            }
            guard let item else { return }
            item()
        }
    }
}

extension ConditionLock where Value == BlockingPool.State {
    fileprivate func waitUntilWorkOrShutdown<R>(_ body: (inout Value) -> R) -> R {
        wait(until: { $0.hasWork || $0.isShutdown }, body)
    }
}
