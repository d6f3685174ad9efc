import HTTPCore
import LifecycleKit
package import LogKit
package import NetCore

/// PayLinks' HTTP/1.1 server: epoll event loops, keep-alive, pipelining, streamed bodies, timeouts and
/// graceful shutdown, in front of one ``HTTPResponder``.
///
/// One listening socket accepts connections and spreads them round-robin over the event loops (one per
/// core by default; see ``HTTPServerConfiguration/ListenStrategy`` for the `SO_REUSEPORT` alternative);
/// each loop runs its connections' I/O with epoll, edge-triggered. A connection's requests are handled by a task whose executor is that same loop, so
/// parsing, the responder's nonisolated code and writing the response share one thread without hops.
/// Those tasks live in a task group owned by ``run()``, which therefore returns only after in-flight
/// requests finish.
///
/// `HTTPServer` is a LifecycleKit ``Service``: ``run()`` serves until graceful shutdown is requested (by
/// the ``ServiceGroup``'s signal handling or ``shutdownGracefully()``), then stops accepting (new
/// connections are refused), closes idle keep-alive connections, answers in-flight requests with
/// `Connection: close`, closes whatever is left after ``HTTPServerConfiguration/gracePeriod`` and returns.
///
/// ```swift
/// let server = HTTPServer(configuration: .init(port: 8080), responder: router, logger: logger)
/// try await ServiceGroup(services: [server], logger: logger).run()
/// ```
package actor HTTPServer: Service {
    private enum State {
        case idle
        case starting
        case running(port: Int)
        case finished
    }

    private let configuration: HTTPServerConfiguration
    private let responder: any HTTPResponder
    private let logger: Logger
    private let providedGroup: EventLoopGroup?
    private let onServerRunning: (@Sendable (Int) -> Void)?
    private let controller = ServerController()
    private var state = State.idle
    private var portWaiters: [CheckedContinuation<Int, any Error>] = []

    /// Creates a server; nothing is bound until ``run()``.
    ///
    /// - Parameters:
    ///   - configuration: address, limits and timeouts.
    ///   - responder: turns requests into responses.
    ///   - logger: for start, stop and accept failures (requests are not logged here).
    ///   - eventLoopGroup: loops to run on; by default the server starts its own
    ///     ``HTTPServerConfiguration/eventLoopCount`` loops and stops them when ``run()`` returns.
    ///   - onServerRunning: called once with the bound port when the server accepts connections.
    package init(
        configuration: HTTPServerConfiguration = HTTPServerConfiguration(),
        responder: any HTTPResponder,
        logger: Logger,
        eventLoopGroup: EventLoopGroup? = nil,
        onServerRunning: (@Sendable (Int) -> Void)? = nil
    ) {
        self.configuration = configuration
        self.responder = responder
        self.logger = logger
        self.providedGroup = eventLoopGroup
        self.onServerRunning = onServerRunning
    }

    /// The bound port; suspends until the server is listening.
    ///
    /// - Throws: ``HTTPServerError`` with ``HTTPServerError/Code/notRunning`` if the server failed to start
    ///   or has stopped.
    package var port: Int {
        get async throws {
            switch state {
            case .running(let port): return port
            case .finished: throw HTTPServerError(.notRunning)
            case .idle, .starting: return try await withCheckedThrowingContinuation { portWaiters.append($0) }
            }
        }
    }

    /// Starts graceful shutdown: stop accepting, finish in-flight requests (within the grace period), then
    /// ``run()`` returns. Any thread; returns at once; may be called before ``run()``.
    package nonisolated func shutdownGracefully() {
        controller.requestShutdown()
    }

    /// Connection and buffer counters summed over the loops (for tests and debugging).
    package func statistics() async -> HTTPServerStatistics {
        var total = HTTPServerStatistics()
        for loop in controller.loops {
            if let part = try? await loop.eventLoop.submit({ loop.value.statistics }) { total.add(part) }
        }
        return total
    }

    /// Binds, serves until graceful shutdown or cancellation, drains, and returns.
    ///
    /// - Throws: ``HTTPServerError`` if the server already ran or cannot bind.
    package func run() async throws {
        guard case .idle = state else { throw HTTPServerError(.alreadyRunning) }
        state = .starting
        let group: EventLoopGroup
        let loops: [LoopBound<ServerLoop>]
        let port: Int
        do {
            group = try providedGroup ?? EventLoopGroup(loopCount: configuration.eventLoopCount, name: "http-loop")
        } catch {
            finish(error: HTTPServerError(.startFailed, underlying: error))
            throw HTTPServerError(.startFailed, underlying: error)
        }
        do {
            (loops, port) = try await ServerLoopFactory.start(
                on: group,
                configuration: configuration,
                responder: responder,
                logger: logger
            )
        } catch {
            if providedGroup == nil { await group.shutdownGracefully() }
            finish(error: HTTPServerError(.startFailed, underlying: error))
            throw HTTPServerError(.startFailed, underlying: error)
        }
        state = .running(port: port)
        for waiter in portWaiters { waiter.resume(returning: port) }
        portWaiters = []
        logger.info("HTTP server listening", metadata: ["http.port": "\(port)", "http.loops": "\(loops.count)"])
        onServerRunning?(port)
        controller.install(loops)

        let controller = self.controller
        let gracePeriod = configuration.gracePeriod
        let responder = self.responder
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await ServerLoopFactory.serve(
                    loops,
                    controller: controller,
                    gracePeriod: gracePeriod,
                    responder: responder
                )
            } onGracefulShutdown: {
                controller.requestShutdown()
            }
        } onCancel: {
            controller.requestShutdown()
            controller.closeAllConnections()
        }
        logger.info("HTTP server stopped", metadata: ["http.port": "\(port)"])
        if providedGroup == nil { await group.shutdownGracefully() }
        finish(error: nil)
    }

    private func finish(error: (any Error)?) {
        state = .finished
        for waiter in portWaiters { waiter.resume(throwing: error ?? HTTPServerError(.notRunning)) }
        portWaiters = []
    }
}
