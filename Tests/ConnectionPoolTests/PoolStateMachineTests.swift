import ConnectionPool
import Testing

@Suite struct PoolStateMachineTests {
    typealias Machine = PoolStateMachine<FakeConnection, MockClock>

    static func at(_ milliseconds: Int) -> MockClock.Instant { MockClock.Instant(offset: .milliseconds(milliseconds)) }

    static func configuration(
        minimum: Int = 0,
        maximum: Int = 2,
        acquireTimeout: Duration = .seconds(1),
        idleTimeout: Duration = .seconds(10)
    ) -> ConnectionPoolConfiguration {
        ConnectionPoolConfiguration(
            minimumConnections: minimum,
            maximumConnections: maximum,
            acquireTimeout: acquireTimeout,
            idleTimeout: idleTimeout,
            connectionBackoff: .milliseconds(100),
            maximumConnectionBackoff: .milliseconds(400)
        )
    }

    /// Establishes connection `id` and returns it.
    static func establish(
        _ id: ConnectionID,
        in machine: inout Machine,
        at now: Int = 0
    ) -> (FakeConnection, Machine.Action) {
        let connection = FakeConnection(id: id)
        return (connection, machine.connectionEstablished(connection, now: at(now)))
    }

    @Test func firstLeaseCreatesAConnectionAndGetsIt() {
        var machine = Machine(configuration: Self.configuration())
        #expect(machine.leaseIdleConnection() == nil)
        let action = machine.leaseRequested(1, now: Self.at(0))
        #expect(action.connectionsToCreate == [0])
        #expect(action.leases.isEmpty && action.failures.isEmpty)
        #expect(action.timers == [Self.at(1000)])
        let (connection, established) = Self.establish(0, in: &machine)
        #expect(established.leases.map(\.request) == [1])
        #expect(established.leases.first?.connection === connection)
        #expect(machine.waitingCount == 0)
    }

    @Test func releasedConnectionIsReusedMostRecentFirst() {
        var machine = Machine(configuration: Self.configuration())
        _ = machine.leaseRequested(1, now: Self.at(0))
        _ = machine.leaseRequested(2, now: Self.at(0))
        let (first, _) = Self.establish(0, in: &machine)
        let (second, _) = Self.establish(1, in: &machine)
        _ = machine.released(first, now: Self.at(5))
        _ = machine.released(second, now: Self.at(6))
        #expect(machine.idleCount == 2)
        #expect(machine.leaseIdleConnection() === second)
        #expect(machine.leaseIdleConnection() === first)
        #expect(machine.leaseIdleConnection() == nil)
    }

    @Test func neverOpensMoreThanTheMaximumAndServesWaitersInOrder() {
        var machine = Machine(configuration: Self.configuration(maximum: 2))
        var created: [ConnectionID] = []
        for request in 1...5 {
            created += machine.leaseRequested(request, now: Self.at(0)).connectionsToCreate
        }
        #expect(created == [0, 1])
        #expect(machine.connectionCount == 2)
        let (first, a) = Self.establish(0, in: &machine)
        let (_, b) = Self.establish(1, in: &machine)
        #expect(a.leases.map(\.request) == [1])
        #expect(b.leases.map(\.request) == [2])
        #expect(machine.released(first, now: Self.at(1)).leases.map(\.request) == [3])
        #expect(machine.released(first, now: Self.at(2)).leases.map(\.request) == [4])
        #expect(machine.waitingCount == 1)
        #expect(machine.connectionCount == 2)
    }

    @Test func waiterFailsWithAcquireTimeoutAtItsDeadline() throws {
        var machine = Machine(configuration: Self.configuration(maximum: 1))
        _ = machine.leaseRequested(1, now: Self.at(0))
        _ = Self.establish(0, in: &machine)
        let waiting = machine.leaseRequested(2, now: Self.at(200))
        #expect(waiting.timers.isEmpty)  // the timer at 1000 fires first and schedules the next
        let early = machine.timerFired(Self.at(1000), now: Self.at(1000))
        #expect(early.failures.isEmpty)
        #expect(early.timers == [Self.at(1200)])
        let late = machine.timerFired(Self.at(1200), now: Self.at(1200))
        let failure = try #require(late.failures.first)
        #expect(failure.request == 2)
        #expect((failure.error as? ConnectionPoolError)?.code == .acquireTimeout)
        #expect(machine.waitingCount == 0)
    }

    @Test func failedAttemptWithNothingOpenFailsWaitersAndThenFailsFast() throws {
        var machine = Machine(configuration: Self.configuration())
        _ = machine.leaseRequested(1, now: Self.at(0))
        let failed = machine.connectionFailed(0, error: FakeConnectionFactory.ConnectFailed(), now: Self.at(10))
        let failure = try #require(failed.failures.first)
        #expect(failure.request == 1)
        let error = try #require(failure.error as? ConnectionPoolError)
        #expect(error.code == .connectionFailed)
        #expect(error.underlying is FakeConnectionFactory.ConnectFailed)

        // Within the 100 ms backoff: fail at once, start nothing.
        let fast = machine.leaseRequested(2, now: Self.at(50))
        #expect(fast.connectionsToCreate.isEmpty)
        #expect((fast.failures.first?.error as? ConnectionPoolError)?.code == .connectionFailed)

        // After the backoff: try again.
        let retry = machine.leaseRequested(3, now: Self.at(111))
        #expect(retry.connectionsToCreate == [1])
        #expect(retry.failures.isEmpty)
    }

    @Test func failedAttemptWhileOthersAreOpenKeepsWaitersWaiting() {
        var machine = Machine(configuration: Self.configuration(maximum: 2))
        _ = machine.leaseRequested(1, now: Self.at(0))
        _ = Self.establish(0, in: &machine)
        let second = machine.leaseRequested(2, now: Self.at(1))
        #expect(second.connectionsToCreate == [1])
        let failed = machine.connectionFailed(1, error: FakeConnectionFactory.ConnectFailed(), now: Self.at(2))
        #expect(failed.failures.isEmpty)
        #expect(failed.timers == [Self.at(102)])  // retry when the backoff ends, before the acquire deadline
        #expect(machine.waitingCount == 1)
        let retry = machine.timerFired(Self.at(102), now: Self.at(102))
        #expect(retry.connectionsToCreate == [2])
        #expect(retry.timers.isEmpty)  // the acquire timer at 1001 is still pending
    }

    @Test(arguments: [(1, 100), (2, 200), (3, 400), (4, 400), (10, 400)])
    func backoffDoublesUpToTheMaximum(failures: Int, milliseconds: Int) {
        #expect(Self.configuration().backoff(afterFailures: failures) == .milliseconds(milliseconds))
    }

    @Test func idleConnectionsAboveTheMinimumCloseAfterTheIdleTimeout() {
        var machine = Machine(configuration: Self.configuration(minimum: 1, maximum: 3, idleTimeout: .seconds(10)))
        #expect(machine.start(now: Self.at(0)).connectionsToCreate == [0])
        let (first, _) = Self.establish(0, in: &machine)
        _ = machine.leaseRequested(1, now: Self.at(0))  // takes connection 0
        let action = machine.leaseRequested(2, now: Self.at(0))
        #expect(action.connectionsToCreate == [1])
        let (second, _) = Self.establish(1, in: &machine)
        _ = machine.released(first, now: Self.at(100))
        let released = machine.released(second, now: Self.at(200))
        #expect(machine.idleCount == 2)
        _ = released
        let fired = machine.timerFired(Self.at(10_100), now: Self.at(10_100))
        #expect(fired.connectionsToClose.map(\.id) == [0])  // the longest idle; one stays for the minimum
        #expect(machine.connectionCount == 2)  // closing until reported closed
        _ = machine.connectionClosed(0, now: Self.at(10_101))
        #expect(machine.connectionCount == 1)
        let later = machine.timerFired(Self.at(20_000), now: Self.at(20_000))
        #expect(later.connectionsToClose.isEmpty)
    }

    @Test func minimumIsRestoredWhenAConnectionBreaks() {
        var machine = Machine(configuration: Self.configuration(minimum: 1))
        _ = machine.start(now: Self.at(0))
        _ = Self.establish(0, in: &machine)
        let closed = machine.connectionClosed(0, now: Self.at(5))
        #expect(closed.connectionsToCreate == [1])
    }

    @Test func connectionThatBreaksWhileLeasedIsForgottenOnRelease() {
        var machine = Machine(configuration: Self.configuration(maximum: 1))
        _ = machine.leaseRequested(1, now: Self.at(0))
        let (connection, _) = Self.establish(0, in: &machine)
        _ = machine.connectionClosed(0, now: Self.at(1))
        #expect(machine.connectionCount == 0)
        let released = machine.released(connection, now: Self.at(2))
        #expect(released.isEmpty)
        #expect(machine.idleCount == 0)
        #expect(machine.leaseRequested(2, now: Self.at(3)).connectionsToCreate == [1])
    }

    @Test func cancellingAWaiterFailsItOnce() {
        var machine = Machine(configuration: Self.configuration(maximum: 1))
        _ = machine.leaseRequested(1, now: Self.at(0))
        _ = machine.leaseRequested(2, now: Self.at(0))
        let cancelled = machine.leaseCancelled(2)
        #expect(cancelled.failures.map(\.request) == [2])
        #expect(cancelled.failures.first?.error is CancellationError)
        #expect(machine.leaseCancelled(2).isEmpty)
        let (_, established) = Self.establish(0, in: &machine)
        #expect(established.leases.map(\.request) == [1])
        #expect(machine.waitingCount == 0)
    }

    @Test func shutdownFailsWaitersClosesIdleAndWaitsForLeasedConnections() {
        var machine = Machine(configuration: Self.configuration(maximum: 2))
        _ = machine.leaseRequested(1, now: Self.at(0))
        _ = machine.leaseRequested(2, now: Self.at(0))
        let (first, _) = Self.establish(0, in: &machine)
        let (second, _) = Self.establish(1, in: &machine)
        _ = machine.released(first, now: Self.at(1))
        _ = machine.leaseRequested(3, now: Self.at(2))  // gets `first` back
        _ = machine.released(first, now: Self.at(3))  // idle again
        _ = machine.leaseRequested(4, now: Self.at(4))  // takes first
        _ = machine.leaseRequested(5, now: Self.at(4))  // waits

        let shutdown = machine.shutdown()
        #expect(shutdown.failures.map(\.request) == [5])
        #expect((shutdown.failures.first?.error as? ConnectionPoolError)?.code == .poolShutdown)
        #expect(!shutdown.isShutdownComplete)
        #expect(machine.shutdown().isEmpty)

        let afterShutdown = machine.leaseRequested(6, now: Self.at(5))
        #expect((afterShutdown.failures.first?.error as? ConnectionPoolError)?.code == .poolShutdown)

        #expect(machine.released(first, now: Self.at(6)).connectionsToClose.map(\.id) == [0])
        #expect(machine.released(second, now: Self.at(6)).connectionsToClose.map(\.id) == [1])
        #expect(!machine.connectionClosed(0, now: Self.at(7)).isShutdownComplete)
        #expect(machine.connectionClosed(1, now: Self.at(7)).isShutdownComplete)
        #expect(machine.isShutDown)
    }

    @Test func connectionEstablishedDuringShutdownIsClosed() {
        var machine = Machine(configuration: Self.configuration())
        _ = machine.leaseRequested(1, now: Self.at(0))
        _ = machine.shutdown()
        let (_, established) = Self.establish(0, in: &machine)
        #expect(established.connectionsToClose.map(\.id) == [0])
        #expect(machine.connectionClosed(0, now: Self.at(1)).isShutdownComplete)
    }

    @Test func shutdownWithNothingOpenCompletesAtOnce() {
        var machine = Machine(configuration: Self.configuration())
        #expect(machine.shutdown().isShutdownComplete)
    }
}
