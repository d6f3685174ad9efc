import HTTPCore
import LogKit
import NetCore
import Synchronization

/// The connections of one ``HTTPUpstreamClient`` on one event loop: idle keep-alive connections per
/// upstream address (most recently used first) and the exchanges in flight.
///
/// Threading: confined to its event loop (reached through a `LoopBound`); nothing here locks or blocks.
final class UpstreamLoopPool {
    let eventLoop: EventLoop
    private let state: UpstreamClientState
    /// Idle connections per address, oldest first; leases take the newest (warmest) one.
    private var idle: [HTTPUpstreamAddress: [UpstreamConnection]] = [:]
    private var inFlight: [ObjectIdentifier: UpstreamExchange] = [:]
    private var sweepTimer: TimerID?
    /// One read buffer for every connection of the loop: reads never interleave on one thread.
    private var scratch = [UInt8](repeating: 0, count: 64 * 1024)

    init(eventLoop: EventLoop, state: UpstreamClientState) {
        self.eventLoop = eventLoop
        self.state = state
    }

    var configuration: HTTPUpstreamConfiguration { state.configuration }
    var parserLimits: HTTPParserLimits { state.parserLimits }

    /// The number of idle pooled connections, over all addresses.
    var idleConnectionCount: Int { idle.values.reduce(0) { $0 + $1.count } }

    func withScratchBuffer<R>(
        _ body: (UnsafeMutableRawBufferPointer) throws(IOError) -> R
    ) throws(IOError) -> R {
        let result = scratch.withUnsafeMutableBytes { buffer in Result { () throws(IOError) in try body(buffer) } }
        return try result.get()
    }

    /// Starts a request: on a pooled connection when one is idle for the address, else on a new one.
    func start(_ job: UpstreamJob) {
        if job.token.isCancelled {
            job.continuation.resume(returning: .failure(HTTPUpstreamError(.cancelled, "The request was cancelled")))
            return
        }
        if state.isShutDown.load(ordering: .relaxed) {
            job.continuation.resume(returning: .failure(HTTPUpstreamError(.shutDown, "The client is shut down")))
            return
        }
        let exchange = UpstreamExchange(job: job)
        inFlight[exchange.key] = exchange
        exchange.timer = eventLoop.scheduleTask(at: job.deadline) { [unowned self] in
            exchange.timer = nil
            exchange.connection?.close()
            let error = HTTPUpstreamError(
                .timedOut,
                "No complete response before the deadline",
                address: exchange.job.address
            )
            finish(exchange, .failure(error))
        }
        dispatch(exchange)
    }

    /// Fails a cancelled request and closes its connection (the response, if any, is unusable).
    func cancel(_ token: UpstreamCancellationToken) {
        guard let exchange = inFlight[ObjectIdentifier(token)] else { return }
        exchange.connection?.close()
        finish(exchange, .failure(HTTPUpstreamError(.cancelled, "The request was cancelled")))
    }

    private func dispatch(_ exchange: UpstreamExchange) {
        let address = exchange.job.address
        if !exchange.hasRetried, let connection = leaseIdle(for: address, requireOpen: !exchange.isIdempotent) {
            connection.start(exchange)
            return
        }
        do {
            let connection = try UpstreamConnection.connect(to: address, pool: self, on: eventLoop)
            state.connectionsOpened.add(1, ordering: .relaxed)
            connection.start(exchange)
        } catch {
            let failure = HTTPUpstreamError(.connectFailed, "Connect failed", address: address, underlying: error)
            finish(exchange, .failure(failure))
        }
    }

    /// Takes the newest idle connection that has not outlived the idle timeout.
    ///
    /// - Parameter requireOpen: also peek at the socket, for requests that cannot be retried once sent.
    private func leaseIdle(for address: HTTPUpstreamAddress, requireOpen: Bool) -> UpstreamConnection? {
        let oldestAllowed = Deadline.now() + (Duration.zero - configuration.idleTimeout)
        while let connection = idle[address]?.popLast() {
            if connection.idleSince > oldestAllowed && (!requireOpen || connection.isPeerStillOpen()) {
                connection.leaveIdle()
                return connection
            }
            connection.close()
        }
        return nil
    }

    /// Pools a connection whose response completed with keep-alive semantics, or closes it when the pool
    /// for its address is full or the client is shut down.
    func release(_ connection: UpstreamConnection) {
        guard !state.isShutDown.load(ordering: .relaxed),
            idle[connection.address, default: []].count < configuration.maxIdleConnectionsPerLoop
        else {
            connection.close()
            return
        }
        connection.idleSince = Deadline.now()
        idle[connection.address, default: []].append(connection)
        if sweepTimer == nil { scheduleSweep(at: connection.idleSince + configuration.idleTimeout) }
    }

    /// Forgets an idle connection that the peer closed.
    func removeIdle(_ connection: UpstreamConnection) {
        idle[connection.address]?.removeAll { $0 === connection }
    }

    /// Reports a failed attempt: retries once on a fresh connection when allowed, else fails the request.
    func connectionFailed(_ exchange: UpstreamExchange, error: HTTPUpstreamError, retryable: Bool) {
        guard inFlight[exchange.key] != nil else { return }
        if retryable && !exchange.hasRetried && !state.isShutDown.load(ordering: .relaxed) {
            exchange.hasRetried = true
            state.retries.add(1, ordering: .relaxed)
            state.logger.debug(
                "retrying on a fresh connection",
                metadata: [UpstreamLogKeys.address: exchange.job.address.description]
            )
            dispatch(exchange)
            return
        }
        finish(exchange, .failure(error))
    }

    /// Resumes the caller exactly once; later calls for the same exchange do nothing.
    func finish(_ exchange: UpstreamExchange, _ result: Result<HTTPUpstreamResponse, HTTPUpstreamError>) {
        guard inFlight.removeValue(forKey: exchange.key) != nil else { return }
        if let timer = exchange.timer {
            exchange.timer = nil
            eventLoop.cancelTask(timer)
        }
        exchange.connection = nil
        exchange.job.continuation.resume(returning: result)
    }

    /// Closes every idle connection; requests in flight finish, and their connections close afterwards.
    func shutdown() {
        for connections in idle.values {
            for connection in connections { connection.close() }
        }
        idle = [:]
        if let timer = sweepTimer {
            sweepTimer = nil
            eventLoop.cancelTask(timer)
        }
    }

    private func scheduleSweep(at deadline: Deadline) {
        sweepTimer = eventLoop.scheduleTask(at: deadline) { [unowned self] in
            sweepTimer = nil
            sweep()
        }
    }

    /// Closes connections idle for longer than the idle timeout and re-arms for the next one to expire.
    private func sweep() {
        let now = Deadline.now()
        let timeout = configuration.idleTimeout
        var earliest: Deadline?
        for address in Array(idle.keys) {
            guard var connections = idle[address] else { continue }
            // Oldest first: the expired ones form a prefix.
            let expired = connections.prefix { $0.idleSince + timeout <= now }
            for connection in expired { connection.close() }
            connections.removeFirst(expired.count)
            if let first = connections.first {
                let expiry = first.idleSince + timeout
                earliest = earliest.map { min($0, expiry) } ?? expiry
            }
            idle[address] = connections.isEmpty ? nil : connections
        }
        if let earliest { scheduleSweep(at: earliest) }
    }
}

/// Logger metadata keys of HTTPUpstream.
enum UpstreamLogKeys {
    /// The upstream `host:port`.
    static let address = "upstream.address"
}
