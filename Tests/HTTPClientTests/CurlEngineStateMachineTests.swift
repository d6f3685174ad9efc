import Testing

@testable import HTTPClient

/// The engine's queue and lifecycle, without threads or libcurl.
@Suite struct CurlEngineStateMachineTests {
    private typealias Machine = CurlEngineStateMachine<String>

    private func job(_ id: UInt64) -> CurlJob {
        CurlJob(id: CurlJobID(value: id), makeTransfer: { nil }, abandon: {})
    }

    private func ids(_ action: Machine.DrainAction) -> [String] {
        switch action {
        case .run(let commands):
            commands.map {
                switch $0 {
                case .add(let job): "add \(job.id.value)"
                case .cancel(let id): "cancel \(id.value)"
                }
            }
        case .stop(let abandoned):
            ["stop"] + abandoned.map { "abandon \($0.id.value)" }
        }
    }

    @Test func onlyTheFirstCommandSinceTheLastDrainWakesTheEngine() {
        var machine = Machine()
        #expect(machine.submit(job(1)) == .wakeEngine)
        #expect(machine.submit(job(2)) == .none)
        #expect(ids(machine.drain()) == ["add 1", "add 2"])
        #expect(ids(machine.drain()) == [])
        #expect(machine.submit(job(3)) == .wakeEngine)
    }

    @Test func cancellingAQueuedJobDropsItWithoutWaking() {
        var machine = Machine()
        _ = machine.submit(job(1))
        _ = machine.submit(job(2))
        guard case .none = machine.cancel(CurlJobID(value: 1)) else {
            Issue.record("expected .none")
            return
        }
        #expect(ids(machine.drain()) == ["add 2"])
    }

    @Test func cancellingARunningJobQueuesACancel() {
        var machine = Machine()
        _ = machine.submit(job(1))
        _ = machine.drain()
        guard case .wakeEngine = machine.cancel(CurlJobID(value: 1)) else {
            Issue.record("expected .wakeEngine")
            return
        }
        #expect(ids(machine.drain()) == ["cancel 1"])
    }

    @Test func shutdownRejectsNewJobsAbandonsQueuedOnesAndResumesEveryWaiter() {
        var machine = Machine()
        _ = machine.submit(job(1))
        guard case .wakeEngine = machine.shutdown(waiter: "first") else {
            Issue.record("expected .wakeEngine")
            return
        }
        #expect(!machine.isAcceptingJobs)
        #expect(machine.submit(job(2)) == .reject)
        guard case .none = machine.shutdown(waiter: "second") else {
            Issue.record("expected .none")
            return
        }
        #expect(ids(machine.drain()) == ["stop", "abandon 1"])
        guard case .none = machine.shutdown(waiter: "third") else {
            Issue.record("expected .none while tearing down")
            return
        }
        #expect(machine.engineStopped() == ["first", "second", "third"])
        guard case .resume(let waiter) = machine.shutdown(waiter: "late") else {
            Issue.record("expected .resume once stopped")
            return
        }
        #expect(waiter == "late")
        #expect(machine.submit(job(3)) == .reject)
    }

    @Test func cancelsAfterShutdownAreIgnored() {
        var machine = Machine()
        _ = machine.shutdown(waiter: nil)
        guard case .none = machine.cancel(CurlJobID(value: 9)) else {
            Issue.record("expected .none")
            return
        }
        #expect(ids(machine.drain()) == ["stop"])
        #expect(machine.engineStopped().isEmpty)
    }
}
