import LifecycleKit
import LogKit
import Synchronization
import Testing

@Suite struct PeriodicServiceTests {
    @Test func runsEveryIntervalKeepsGoingAfterAFailureAndStopsWhenCancelled() async throws {
        let runs = Mutex(0)
        struct Failure: Error {}
        let service = PeriodicService(
            name: "test",
            interval: .milliseconds(50),
            checkInterval: .milliseconds(10),
            logger: Logger(label: "periodic-test", level: .critical)
        ) {
            let count = runs.withLock { value in
                value += 1
                return value
            }
            if count == 1 { throw Failure() }
        }
        let task = Task { try await service.run() }
        // Runs keep coming after the first one failed (bounded wait: a loaded machine is slower, never faster).
        let deadline = ContinuousClock.now + .seconds(10)
        while runs.withLock({ $0 }) < 3, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(runs.withLock { $0 } >= 3)
        task.cancel()
        try await task.value
        let total = runs.withLock { $0 }
        try await Task.sleep(for: .milliseconds(200))
        #expect(runs.withLock { $0 } == total, "no run after cancellation")
    }

    @Test func theFirstRunComesOneIntervalAfterStart() async throws {
        let runs = Mutex(0)
        let service = PeriodicService(
            name: "slow",
            interval: .seconds(3600),
            logger: Logger(label: "t", level: .critical)
        ) {
            runs.withLock { $0 += 1 }
        }
        let task = Task { try await service.run() }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        try await task.value
        #expect(runs.withLock { $0 } == 0)
        #expect(service.checkInterval == .milliseconds(200))
    }
}
