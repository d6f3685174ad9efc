import HTTPCore
import LogKit
import NetCore

/// Starts the per-loop server state and runs the task tree of a running server.
enum ServerLoopFactory {
    /// Binds the listening socket(s) and creates one ``ServerLoop`` per event loop.
    ///
    /// - Returns: the loops and the bound port.
    static func start(
        on group: EventLoopGroup,
        configuration: HTTPServerConfiguration,
        responder: any HTTPResponder,
        logger: Logger
    ) async throws -> ([LoopBound<ServerLoop>], Int) {
        let address = try await SocketAddress.resolve(host: configuration.host, port: configuration.port)
        var loops: [LoopBound<ServerLoop>] = []
        for eventLoop in group.loops {
            loops.append(
                try await eventLoop.submit {
                    LoopBound(
                        ServerLoop(
                            eventLoop: eventLoop,
                            configuration: configuration,
                            responder: responder,
                            logger: logger
                        ),
                        eventLoop: eventLoop
                    )
                }
            )
        }
        var listeners: [Socket] = []
        do {
            switch configuration.listenStrategy {
            case .reusePortPerLoop:
                let first = try Socket.makeListening(at: address, backlog: configuration.backlog, reusePort: true)
                listeners.append(first)
                let bound = try SocketAddress(ipAddress: address.host, port: first.localAddress().port)
                for _ in 1..<loops.count {
                    listeners.append(
                        try Socket.makeListening(at: bound, backlog: configuration.backlog, reusePort: true)
                    )
                }
            case .singleAcceptor:
                listeners.append(try Socket.makeListening(at: address, backlog: configuration.backlog))
            }
            let port = try listeners[0].localAddress().port
            for (index, listener) in listeners.enumerated() {
                let loop = loops[index]
                let peers = configuration.listenStrategy == .singleAcceptor ? loops : []
                try await loop.eventLoop.submit {
                    loop.value.peers = peers
                    try loop.value.startListening(on: listener)
                }
            }
            return (loops, port)
        } catch {
            for listener in listeners { listener.close() }
            throw error
        }
    }

    private enum ChildOutcome: Sendable {
        case driverFinished
        case graceExpired
        case watcherStopped
    }

    /// Runs one driver task per loop (each owning its connections' serve tasks) plus a watcher that
    /// enforces the grace period once shutdown is requested; returns when every driver has finished.
    static func serve(
        _ loops: [LoopBound<ServerLoop>],
        controller: ServerController,
        gracePeriod: Duration,
        responder: any HTTPResponder
    ) async {
        await withTaskGroup(of: ChildOutcome.self) { group in
            for loop in loops {
                group.addTask(executorPreference: loop.eventLoop) {
                    await drive(loop, responder: responder)
                    return .driverFinished
                }
            }
            group.addTask {
                do {
                    try await controller.waitForShutdownRequest()
                    try await Task.sleep(for: gracePeriod)
                    return .graceExpired
                } catch {
                    return .watcherStopped
                }
            }
            var running = loops.count
            while running > 0, let outcome = await group.next() {
                switch outcome {
                case .driverFinished:
                    running -= 1
                case .graceExpired:
                    // Close what is left and cancel the handlers still running, so that run() returns.
                    controller.closeAllConnections()
                    group.cancelAll()
                case .watcherStopped:
                    break
                }
            }
            group.cancelAll()
        }
    }

    /// The loop's driver: starts a serve task per accepted connection until shutdown, then waits for them.
    private static func drive(_ loop: LoopBound<ServerLoop>, responder: any HTTPResponder) async {
        let eventLoop = loop.eventLoop
        await withDiscardingTaskGroup { group in
            while let handle = await loop.value.nextConnection() {
                group.addTask(executorPreference: eventLoop) {
                    await HTTPConnection.serve(handle, responder: responder)
                }
            }
        }
    }
}
