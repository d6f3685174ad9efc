import Glibc
import NetCore
import Synchronization
import Testing

@Suite struct EventLoopTests {
    @Test func executeRunsOnTheLoopThreadInOrder() async throws {
        let group = try EventLoopGroup(loopCount: 1, name: "test-exec")
        let loop = group.next()
        #expect(!loop.inEventLoop)
        let order = Mutex<[Int]>([])
        for index in 0..<100 {
            loop.execute {
                precondition(loop.inEventLoop)
                order.withLock { $0.append(index) }
            }
        }
        let onLoop = try await loop.submit { loop.inEventLoop }
        #expect(onLoop)
        #expect(order.withLock { $0 } == Array(0..<100))
        await group.shutdownGracefully()
    }

    @Test func submitPropagatesErrors() async throws {
        struct Boom: Error {}
        let group = try EventLoopGroup(loopCount: 1, name: "test-err")
        await #expect(throws: Boom.self) { try await group.next().submit { throw Boom() } }
        await group.shutdownGracefully()
    }

    @Test func eventfdWakesASleepingLoop() async throws {
        let group = try EventLoopGroup(loopCount: 1, name: "test-wake")
        let loop = group.next()
        // Let the loop go to sleep in epoll_wait with no timers, then wake it from another thread many times.
        try await Task.sleep(for: .milliseconds(50))
        let start = Deadline.now()
        for _ in 0..<200 {
            _ = try await loop.submit { 1 }
        }
        #expect(Deadline.now() - start < .seconds(10))
        await group.shutdownGracefully()
        #expect(loop.isStopped)
    }

    @Test func timersFireInDeadlineOrderAndCancelledOnesDoNot() async throws {
        let group = try EventLoopGroup(loopCount: 1, name: "test-timer")
        let loop = group.next()
        let fired = Mutex<[String]>([])
        let done = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Bool, any Error>) in
            loop.execute {
                let base = Deadline.now()
                loop.scheduleTask(at: base + .milliseconds(60)) { fired.withLock { $0.append("c") } }
                loop.scheduleTask(at: base + .milliseconds(20)) { fired.withLock { $0.append("a") } }
                loop.scheduleTask(at: base + .milliseconds(40)) { fired.withLock { $0.append("b1") } }
                loop.scheduleTask(at: base + .milliseconds(40)) { fired.withLock { $0.append("b2") } }
                let cancelled = loop.scheduleTask(at: base + .milliseconds(30)) { fired.withLock { $0.append("x") } }
                #expect(loop.cancelTask(cancelled))
                #expect(!loop.cancelTask(cancelled))
                loop.scheduleTask(at: base + .milliseconds(80)) {
                    #expect(Deadline.now() >= base + .milliseconds(80))
                    continuation.resume(returning: true)
                }
            }
        }
        #expect(done)
        #expect(fired.withLock { $0 } == ["a", "b1", "b2", "c"])
        await group.shutdownGracefully()
    }

    @Test func manyTimersFireInDeadlineOrder() async throws {
        let group = try EventLoopGroup(loopCount: 1, name: "test-many")
        let loop = group.next()
        let fired = Mutex<[UInt64]>([])
        var generator = SystemRandomNumberGenerator()
        let offsets = (0..<300).map { _ in UInt64.random(in: 0..<40_000_000, using: &generator) }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            loop.execute {
                let base = Deadline.now()
                var ids: [TimerID] = []
                for offset in offsets {
                    let deadline = base.adding(nanoseconds: offset)
                    ids.append(loop.scheduleTask(at: deadline) { fired.withLock { $0.append(deadline.nanoseconds) } })
                }
                // Cancel every third timer, as closing connections do.
                for (index, id) in ids.enumerated() where index % 3 == 0 { loop.cancelTask(id) }
                loop.scheduleTask(at: base.adding(nanoseconds: 50_000_000)) { continuation.resume() }
            }
        }
        let order = fired.withLock { $0 }
        #expect(order.count == 200)
        #expect(order == order.sorted())
        #expect(try await loop.submit { loop.scheduledTaskCount } == 0)
        await group.shutdownGracefully()
    }

    @Test func pastDeadlinesFireOnTheNextIteration() async throws {
        let group = try EventLoopGroup(loopCount: 1, name: "test-past")
        let loop = group.next()
        let ran = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Bool, any Error>) in
            loop.execute {
                loop.scheduleTask(at: Deadline(nanoseconds: 1)) { continuation.resume(returning: true) }
            }
        }
        #expect(ran)
        await group.shutdownGracefully()
    }

    @Test func tasksPreferringTheLoopRunOnItsThread() async throws {
        let group = try EventLoopGroup(loopCount: 2, name: "test-exe")
        let loop = group.loops[1]
        let onLoop = await Task(executorPreference: loop) { () async -> Bool in
            await Task.yield()
            return loop.inEventLoop
        }.value
        #expect(onLoop)
        let alsoOnLoop = await withTaskExecutorPreference(loop) { () async -> Bool in
            try? await Task.sleep(for: .milliseconds(5))
            return loop.inEventLoop && !group.loops[0].inEventLoop
        }
        #expect(alsoOnLoop)
        await group.shutdownGracefully()
    }

    @Test func loopBoundChecksItsThread() async throws {
        let group = try EventLoopGroup(loopCount: 1, name: "test-bound")
        let loop = group.next()
        let bound = try await loop.submit { LoopBound(41, eventLoop: loop) }
        let value = try await loop.submit {
            bound.value += 1
            return bound.value
        }
        #expect(value == 42)
        await group.shutdownGracefully()
    }
}
