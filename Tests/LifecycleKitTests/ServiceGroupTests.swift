import Glibc
import LifecycleKit
import LogKit
import Synchronization
import Testing

/// Records the order in which services stop.
private final class StopLog: Sendable {
    private let entries = Mutex<[String]>([])
    func append(_ name: String) { entries.withLock { $0.append(name) } }
    var all: [String] { entries.withLock { $0 } }
}

/// Waits for graceful shutdown, then records its name.
private struct WaitingService: Service {
    let name: String
    let log: StopLog
    func run() async throws {
        try await gracefulShutdown()
        log.append(name)
    }
}

private struct FailingService: Service {
    struct Boom: Error {}
    func run() async throws { throw Boom() }
}

private struct ReturningService: Service {
    func run() async throws {}
}

/// Ignores graceful shutdown and only stops when cancelled.
private struct StubbornService: Service {
    let log: StopLog
    func run() async throws {
        do {
            try await Task.sleep(for: .seconds(60))
        } catch {
            log.append("cancelled")
            throw error
        }
    }
}

@Suite struct ServiceGroupTests {
    private let logger = Logger(label: "test", handler: InMemoryLogHandler())

    @Test func triggeredShutdownStopsServicesInReverseOrder() async throws {
        let log = StopLog()
        let group = ServiceGroup(
            services: ["db", "client", "http"].map { WaitingService(name: $0, log: log) },
            configuration: .init(gracefulShutdownSignals: []),
            logger: logger
        )
        async let run: Void = group.run()
        try await Task.sleep(for: .milliseconds(50))
        group.triggerGracefulShutdown()
        try await run
        #expect(log.all == ["http", "client", "db"])
    }

    @Test func signalStartsGracefulShutdown() async throws {
        let log = StopLog()
        let group = ServiceGroup(
            services: [WaitingService(name: "only", log: log)],
            configuration: .init(gracefulShutdownSignals: [SIGUSR2]),
            logger: logger
        )
        let run = Task { try await group.run() }
        // The group subscribes before installing the handler, so one signal after installation is enough.
        let deadline = ContinuousClock.now + .seconds(10)
        while !SignalRelay.isInstalled(SIGUSR2) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        try #require(SignalRelay.isInstalled(SIGUSR2))
        kill(getpid(), SIGUSR2)
        try await run.value
        #expect(log.all == ["only"])
    }

    @Test func failingServiceShutsDownTheOthersAndThrows() async throws {
        let log = StopLog()
        let group = ServiceGroup(
            services: [WaitingService(name: "db", log: log), FailingService()],
            configuration: .init(gracefulShutdownSignals: []),
            logger: logger
        )
        let error = await #expect(throws: ServiceGroupError.self) { try await group.run() }
        #expect(error?.code == .serviceFailed)
        #expect(error?.underlying is FailingService.Boom)
        #expect(log.all == ["db"])
    }

    @Test func serviceReturningEarlyIsAnError() async throws {
        let log = StopLog()
        let group = ServiceGroup(
            services: [WaitingService(name: "db", log: log), ReturningService()],
            configuration: .init(gracefulShutdownSignals: []),
            logger: logger
        )
        let error = await #expect(throws: ServiceGroupError.self) { try await group.run() }
        #expect(error?.code == .serviceFinishedUnexpectedly)
        #expect(log.all == ["db"])
    }

    @Test func shutdownTimeoutCancelsStubbornServices() async throws {
        let log = StopLog()
        let group = ServiceGroup(
            services: [StubbornService(log: log)],
            configuration: .init(gracefulShutdownSignals: [], gracefulShutdownTimeout: .milliseconds(100)),
            logger: logger
        )
        let run = Task { try await group.run() }
        try await Task.sleep(for: .milliseconds(50))
        group.triggerGracefulShutdown()
        let clock = ContinuousClock()
        let start = clock.now
        await #expect(throws: ServiceGroupError.self) { try await run.value }
        #expect(clock.now - start < .seconds(5))
        #expect(log.all == ["cancelled"])
    }
}
