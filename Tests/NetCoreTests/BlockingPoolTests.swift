import Dispatch
import Glibc
import NetCore
import Synchronization
import Testing

@Suite struct BlockingPoolTests {
    /// The name of the calling thread, read from procfs (fine here: this runs on a pool thread).
    private static func currentThreadName() -> String {
        guard let file = fopen("/proc/thread-self/comm", "r") else { return "" }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 64)
        guard fgets(&buffer, 64, file) != nil else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 && $0 != 10 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    @Test func runsClosuresOnItsOwnThreads() async throws {
        let pool = BlockingPool(threadCount: 2, name: "test-pool")
        defer { pool.shutdown() }
        let name = try await pool.run { Self.currentThreadName() }
        #expect(name.hasPrefix("test-pool-"))
    }

    @Test func propagatesErrors() async throws {
        struct Boom: Error, Equatable { var value: Int }
        let pool = BlockingPool(threadCount: 1, name: "test-pool-err")
        defer { pool.shutdown() }
        await #expect(throws: Boom(value: 7)) { try await pool.run { throw Boom(value: 7) } }
        #expect(try await pool.run { 5 } == 5)
    }

    @Test func blockingWorkDoesNotOccupyTheCooperativePool() async throws {
        // Eight closures that block until the test opens a gate. Were they run on the cooperative pool
        // (two threads here), at most two could start and the test could never open the gate.
        let width = 8
        let pool = BlockingPool(threadCount: width, name: "test-pool-busy")
        defer { pool.shutdown() }
        let started = StartCounter()
        let gate = DispatchSemaphore(value: 0)
        try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<width {
                group.addTask {
                    try await pool.run {
                        started.count.add(1, ordering: .relaxed)
                        gate.wait()
                        return index
                    }
                }
            }
            var polls = 0
            while started.count.load(ordering: .relaxed) < width && polls < 500 {
                try await Task.sleep(for: .milliseconds(10))
                polls += 1
            }
            #expect(started.count.load(ordering: .relaxed) == width)
            for _ in 0..<width { gate.signal() }
            var finished: [Int] = []
            for try await index in group { finished.append(index) }
            #expect(finished.sorted() == Array(0..<width))
        }
    }

    @Test func cancelledTasksDoNotRunTheirClosure() async throws {
        let pool = BlockingPool(threadCount: 1, name: "test-pool-cancel")
        defer { pool.shutdown() }
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await pool.run { 1 }
        }
        await #expect(throws: CancellationError.self) { try await task.value }
    }
}

/// A counter closures on pool threads bump.
private final class StartCounter: Sendable {
    let count = Atomic<Int>(0)
}
