import ConnectionPool
import LogKit
import Synchronization
import Testing

@Suite struct ConnectionPoolTests {
    typealias Pool = ConnectionPool<FakeConnection, MockClock>

    static func makePool(
        maximum: Int = 2,
        minimum: Int = 0,
        factory: FakeConnectionFactory,
        clock: MockClock = MockClock()
    ) -> Pool {
        let configuration = ConnectionPoolConfiguration(
            minimumConnections: minimum,
            maximumConnections: maximum,
            acquireTimeout: .seconds(1),
            idleTimeout: .seconds(60),
            connectionBackoff: .milliseconds(100),
            maximumConnectionBackoff: .seconds(1)
        )
        return Pool(configuration: configuration, clock: clock, logger: Logger(label: "test", level: .critical)) {
            try await factory.make($0)
        }
    }

    /// Runs `pool` while `body` runs, then shuts it down and waits for `run()` to return.
    static func withRunningPool<R>(_ pool: Pool, _ body: () async throws -> R) async throws -> R {
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await pool.run() }
            defer { pool.shutdown() }
            return try await body()
        }
    }

    /// Waits (bounded) until `condition` holds; the pool's work happens on other tasks.
    static func eventually(_ condition: () -> Bool) async {
        for _ in 0..<10_000 where !condition() {
            await Task.yield()
        }
    }

    @Test func leasesCreateAConnectionAndReleaseMakesItIdle() async throws {
        let factory = FakeConnectionFactory()
        let pool = Self.makePool(factory: factory)
        try await Self.withRunningPool(pool) {
            let id = try await pool.withConnection { $0.id }
            #expect(id == 0)
            #expect(pool.statistics.idle == 1)
            let again = try await pool.withConnection { $0.id }
            #expect(again == 0)
            #expect(factory.attempts == 1)
        }
        #expect(factory.connections.allSatisfy { $0.isClosed })
    }

    @Test func fiftyConcurrentLeasesNeverExceedFiveConnections() async throws {
        let factory = FakeConnectionFactory()
        let pool = Self.makePool(maximum: 5, factory: factory)
        let gauge = Gauge()
        try await Self.withRunningPool(pool) {
            try await withThrowingDiscardingTaskGroup { group in
                for _ in 0..<50 {
                    group.addTask {
                        try await pool.withConnection { _ in
                            gauge.enter()
                            for _ in 0..<5 { await Task.yield() }
                            gauge.leave()
                        }
                    }
                }
            }
        }
        #expect(gauge.served == 50)
        #expect(gauge.peak <= 5)
        #expect(factory.connections.count <= 5)
    }

    @Test func waiterFailsWithAcquireTimeout() async throws {
        let clock = MockClock()
        let pool = Self.makePool(maximum: 1, factory: FakeConnectionFactory(), clock: clock)
        try await Self.withRunningPool(pool) {
            let held = try await pool.leaseConnection()
            let second = Task { _ = try await pool.leaseConnection() }
            await Self.eventually { pool.statistics.waiting == 1 }
            await clock.waitForSleepers(count: 1)
            clock.advance(by: .seconds(1))
            let error = await #expect(throws: ConnectionPoolError.self) { _ = try await second.value }
            #expect(error?.code == .acquireTimeout)
            pool.releaseConnection(held)
        }
    }

    @Test func cancelledWaiterGetsCancellationErrorAndLeavesThePoolUsable() async throws {
        let pool = Self.makePool(maximum: 1, factory: FakeConnectionFactory())
        try await Self.withRunningPool(pool) {
            let held = try await pool.leaseConnection()
            let waiter = Task { _ = try await pool.leaseConnection() }
            await Self.eventually { pool.statistics.waiting == 1 }
            waiter.cancel()
            await #expect(throws: CancellationError.self) { _ = try await waiter.value }
            #expect(pool.statistics.waiting == 0)
            pool.releaseConnection(held)
            let again = try await pool.leaseConnection()
            #expect(again === held)
            pool.releaseConnection(again)
        }
    }

    @Test func failingFactoryFailsFastThenRecoversAfterTheBackoff() async throws {
        let clock = MockClock()
        let factory = FakeConnectionFactory()
        factory.setFailing(true)
        let pool = Self.makePool(factory: factory, clock: clock)
        try await Self.withRunningPool(pool) {
            let first = await #expect(throws: ConnectionPoolError.self) { _ = try await pool.leaseConnection() }
            #expect(first?.code == .connectionFailed)
            #expect(first?.underlying is FakeConnectionFactory.ConnectFailed)

            // Within the backoff the pool does not even try.
            let second = await #expect(throws: ConnectionPoolError.self) { _ = try await pool.leaseConnection() }
            #expect(second?.code == .connectionFailed)
            #expect(factory.attempts == 1)

            factory.setFailing(false)
            clock.advance(by: .milliseconds(100))
            let connection = try await pool.leaseConnection()
            #expect(factory.attempts == 2)
            pool.releaseConnection(connection)
        }
    }

    @Test func brokenIdleConnectionIsReplacedOnTheNextLease() async throws {
        let factory = FakeConnectionFactory()
        let pool = Self.makePool(factory: factory)
        try await Self.withRunningPool(pool) {
            let first = try await pool.withConnection { $0 }
            first.breakConnection()
            #expect(pool.statistics.connections == 0)
            let second = try await pool.withConnection { $0 }
            #expect(second !== first)
            #expect(second.id == 1)
        }
    }

    @Test func minimumConnectionsOpenAtStart() async throws {
        let factory = FakeConnectionFactory()
        let pool = Self.makePool(maximum: 3, minimum: 2, factory: factory)
        await withDiscardingTaskGroup { group in
            group.addTask { await pool.run() }
            await Self.eventually { pool.statistics.idle == 2 }
            #expect(pool.statistics.idle == 2)
            pool.shutdown()
        }
        #expect(factory.connections.count == 2)
    }

    @Test func shutdownEndsRunClosesConnectionsAndRejectsLeases() async throws {
        let factory = FakeConnectionFactory()
        let pool = Self.makePool(factory: factory)
        await withDiscardingTaskGroup { group in
            group.addTask { await pool.run() }
            let held = try? await pool.leaseConnection()
            pool.shutdown()
            await #expect(throws: ConnectionPoolError.self) { _ = try await pool.leaseConnection() }
            if let held { pool.releaseConnection(held) }
        }
        #expect(factory.connections.count == 1)
        #expect(factory.connections.allSatisfy { $0.isClosed })
    }

    @Test func cancellingRunShutsThePoolDown() async throws {
        let factory = FakeConnectionFactory()
        let pool = Self.makePool(factory: factory)
        let runner = Task { await pool.run() }
        try await pool.withConnection { _ in }
        runner.cancel()
        await runner.value
        #expect(factory.connections.allSatisfy { $0.isClosed })
        let error = await #expect(throws: ConnectionPoolError.self) { _ = try await pool.leaseConnection() }
        #expect(error?.code == .poolShutdown)
    }
}

/// Counts concurrent users of connections and the peak.
private final class Gauge: Sendable {
    private let state = Mutex((inUse: 0, peak: 0, served: 0))

    var peak: Int { state.withLock { $0.peak } }
    var served: Int { state.withLock { $0.served } }

    func enter() {
        state.withLock { state in
            state.inUse += 1
            state.peak = max(state.peak, state.inUse)
        }
    }

    func leave() {
        state.withLock { state in
            state.inUse -= 1
            state.served += 1
        }
    }
}
