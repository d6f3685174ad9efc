import LifecycleKit
import Synchronization
import Testing

@Suite struct GracefulShutdownTests {
    @Test func handlerRunsOnceWhenTriggered() async {
        let manager = GracefulShutdownManager()
        let calls = Atomic<Int>(0)
        await GracefulShutdownManager.$current.withValue(manager) {
            await withGracefulShutdownHandler {
                manager.triggerGracefulShutdown()
                manager.triggerGracefulShutdown()
            } onGracefulShutdown: {
                calls.add(1, ordering: .relaxed)
            }
        }
        #expect(calls.load(ordering: .relaxed) == 1)
        #expect(manager.isShuttingDown)
    }

    @Test func handlerRegisteredAfterTriggerRunsImmediately() async {
        let manager = GracefulShutdownManager()
        manager.triggerGracefulShutdown()
        let calls = Atomic<Int>(0)
        await GracefulShutdownManager.$current.withValue(manager) {
            await withGracefulShutdownHandler {
                #expect(isShuttingDownGracefully)
            } onGracefulShutdown: {
                calls.add(1, ordering: .relaxed)
            }
        }
        #expect(calls.load(ordering: .relaxed) == 1)
    }

    @Test func handlerOutsideAGroupNeverRuns() async {
        let calls = Atomic<Int>(0)
        await withGracefulShutdownHandler {
            #expect(!isShuttingDownGracefully)
        } onGracefulShutdown: {
            calls.add(1, ordering: .relaxed)
        }
        #expect(calls.load(ordering: .relaxed) == 0)
    }

    @Test func waitingIsCancellable() async {
        let task = Task { try await gracefulShutdown() }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test func oneShotSignalBeforeWaitReturnsImmediately() async throws {
        let signal = OneShotSignal()
        signal.signal()
        try await signal.wait()
        signal.cancel()  // after signalling, cancel changes nothing
    }
}
