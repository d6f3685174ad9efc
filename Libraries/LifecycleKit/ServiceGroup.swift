import Glibc
package import LogKit

/// Runs services side by side and shuts them down gracefully, in reverse order, on a signal.
///
/// Services start in the order given and stop in reverse: with `[postgres, httpServer]`, SIGTERM first
/// quiesces the HTTP server (stop accepting, finish in-flight requests) and closes the database pool last.
/// If a service returns or throws before shutdown was requested, the others are shut down and ``run()``
/// throws a ``ServiceGroupError``; a clean signal-driven shutdown returns normally, so the process exits 0.
///
/// ```swift
/// let group = ServiceGroup(services: [postgres, server], logger: logger)
/// try await group.run()
/// ```
package actor ServiceGroup {
    private enum Event: Sendable {
        case signal(Int32)
        case shutdownRequested
        case finished(index: Int, error: (any Error)?)
        case timedOut
    }

    private let services: [any Service]
    private let configuration: ServiceGroupConfiguration
    private let logger: Logger
    private let managers: [GracefulShutdownManager]
    private let events: AsyncStream<Event>
    private let eventSink: AsyncStream<Event>.Continuation

    /// Creates a group; nothing runs until ``run()``.
    package init(services: [any Service], configuration: ServiceGroupConfiguration = .init(), logger: Logger) {
        self.services = services
        self.configuration = configuration
        self.logger = logger
        self.managers = services.map { _ in GracefulShutdownManager() }
        (events, eventSink) = AsyncStream.makeStream(of: Event.self)
    }

    /// Starts a graceful shutdown, as a signal would.
    package nonisolated func triggerGracefulShutdown() { eventSink.yield(.shutdownRequested) }

    /// Runs every service until they have all finished.
    ///
    /// - Throws: ``ServiceGroupError`` when a service fails or finishes unexpectedly, or the shutdown times out.
    package func run() async throws {
        let subscriptions = installSignalHandlers()
        defer { for subscription in subscriptions { SignalRelay.shared.unsubscribe(subscription) } }
        let sink = eventSink
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, service) in services.enumerated() {
                let manager = managers[index]
                group.addTask {
                    do {
                        try await GracefulShutdownManager.$current.withValue(manager) { try await service.run() }
                        sink.yield(.finished(index: index, error: nil))
                    } catch {
                        sink.yield(.finished(index: index, error: error))
                    }
                }
            }
            let outcome = await supervise(group: &group)
            group.cancelAll()
            try await group.waitForAll()
            if let outcome { throw outcome }
        }
    }

    /// Waits for the first reason to stop, then shuts services down one by one in reverse order.
    private func supervise(group: inout ThrowingTaskGroup<Void, any Error>) async -> ServiceGroupError? {
        var running = Set(services.indices)
        var failure: ServiceGroupError?
        var iterator = events.makeAsyncIterator()
        var shuttingDown = false
        var next = services.count - 1
        while !running.isEmpty, let event = await iterator.next() {
            switch event {
            case .signal(let number):
                logger.info("signal received, shutting down gracefully", metadata: ["signal": "\(number)"])
            case .shutdownRequested:
                logger.info("graceful shutdown requested")
            case .finished(let index, let error):
                running.remove(index)
                let name = "\(type(of: services[index]))"
                if let error, !(error is CancellationError) {
                    logger.error("service failed", metadata: ["service": name, "error": "\(error)"])
                    failure = failure ?? ServiceGroupError(code: .serviceFailed, service: name, underlying: error)
                } else if !shuttingDown {
                    logger.error("service finished unexpectedly", metadata: ["service": name])
                    failure = failure ?? ServiceGroupError(code: .serviceFinishedUnexpectedly, service: name)
                }
            case .timedOut:
                logger.error("graceful shutdown timed out; cancelling remaining services")
                let name = running.min().map { "\(type(of: services[$0]))" } ?? ""
                return failure ?? ServiceGroupError(code: .gracefulShutdownTimedOut, service: name)
            }
            if !shuttingDown {
                shuttingDown = true
                startTimeout(in: &group)
            }
            // Shut services down one at a time, newest first, waiting for each to finish.
            while next >= 0 && !running.contains(next) { next -= 1 }
            if next >= 0 && !managers[next].isShuttingDown { managers[next].triggerGracefulShutdown() }
        }
        return failure
    }

    private func startTimeout(in group: inout ThrowingTaskGroup<Void, any Error>) {
        guard let timeout = configuration.gracefulShutdownTimeout else { return }
        let sink = eventSink
        group.addTask {
            try? await Task.sleep(for: timeout)
            if !Task.isCancelled { sink.yield(.timedOut) }
        }
    }

    private func installSignalHandlers() -> [SignalRelay.Subscription] {
        let sink = eventSink
        return configuration.gracefulShutdownSignals.compactMap { number in
            SignalRelay.shared.subscribe(to: number) { sink.yield(.signal($0)) }
        }
    }
}
