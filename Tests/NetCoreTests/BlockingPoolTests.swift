import Glibc
import NetCore
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
        let pool = BlockingPool(threadCount: 4, name: "test-pool-busy")
        defer { pool.shutdown() }
        let start = Deadline.now()
        try await withThrowingTaskGroup(of: Duration.self) { group in
            // Four closures that each block their thread for 300 ms — more than the cooperative pool has threads.
            for _ in 0..<4 {
                group.addTask {
                    _ = try await pool.run { usleep(300_000) }
                    return Deadline.now() - start
                }
            }
            // Meanwhile ordinary async work must still make progress promptly.
            group.addTask {
                for _ in 0..<10 { await Task.yield() }
                return Deadline.now() - start
            }
            var durations: [Duration] = []
            for try await duration in group { durations.append(duration) }
            #expect(durations.min()! < .milliseconds(200))
            #expect(durations.max()! < .seconds(2))
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
