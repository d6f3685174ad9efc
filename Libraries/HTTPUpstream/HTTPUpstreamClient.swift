import HTTPCore
package import LogKit
package import NetCore
import Synchronization

/// A keep-alive, pooled HTTP/1.1 client on NetCore event loops, used by the gateway to forward requests
/// to internal services.
///
/// Each request runs on the event loop of the calling task when that task runs on one of the group's loops
/// (as HTTPServer handlers do), so the gateway hop costs no thread switch; otherwise it runs on the group's
/// next loop. Connections are pooled per upstream address and per loop (see
/// ``HTTPUpstreamConfiguration``); a connection is reused only after a complete keep-alive response to a
/// completely sent request, and closed after any error, timeout or cancellation.
///
/// Stale connections: if a reused connection fails before any response byte arrived (the server closed or
/// reset it: EOF, `ECONNRESET`, `EPIPE`), the request is sent once more on a fresh connection — always for
/// GET, HEAD, OPTIONS, PUT, DELETE and TRACE, but for POST and PATCH only when the failure came before the
/// request was completely written (the server cannot have acted on it). A POST whose request was sent and
/// whose response never came fails with ``HTTPUpstreamError/Code/connectionClosed``: it may have been
/// processed, and only the caller can decide (idempotency keys). Before a POST or PATCH goes out on a
/// pooled connection, the socket is peeked once to skip connections the server already closed. Failures of
/// fresh connections and timeouts are never retried.
///
/// ```swift
/// let client = HTTPUpstreamClient(logger: logger)
/// let payments = HTTPUpstreamAddress(url: "http://127.0.0.1:8081")!
/// let response = try await client.execute(
///     HTTPUpstreamRequest(method: .get, target: "/v1/payments/42"),
///     to: payments,
///     deadline: .now + .seconds(5)
/// )
/// await client.shutdown()
/// ```
///
/// Threading: every method may be called from any task. Per-loop state is confined to its loop; the
/// shared parts are a `Mutex`-guarded table of loops and atomics.
package final class HTTPUpstreamClient: Sendable {
    /// The settings the client was created with.
    package var configuration: HTTPUpstreamConfiguration { state.configuration }
    /// The loops requests run on.
    package let eventLoopGroup: EventLoopGroup
    private let state: UpstreamClientState
    private let pools = Mutex<[ObjectIdentifier: LoopBound<UpstreamLoopPool>]>([:])

    /// Creates a client; no connection is opened until the first request.
    ///
    /// - Parameters:
    ///   - configuration: pool, timeout and size limits (defaults documented on each property).
    ///   - eventLoopGroup: the loops that drive the sockets; it must outlive the client.
    ///   - logger: receives debug records about retries and closed connections.
    package init(
        configuration: HTTPUpstreamConfiguration = .init(),
        eventLoopGroup: EventLoopGroup = .singleton,
        logger: Logger
    ) {
        self.eventLoopGroup = eventLoopGroup
        self.state = UpstreamClientState(configuration: configuration, logger: logger)
    }

    /// Sends `request` to `address` and returns the whole response.
    ///
    /// The client sets `Host` (when absent) and `Content-Length`, and drops hop-by-hop request fields; the
    /// response's framing and hop-by-hop fields are removed (see ``HTTPUpstreamResponse``).
    ///
    /// - Parameters:
    ///   - request: the request; its target must be origin-form.
    ///   - address: the upstream.
    ///   - deadline: when the whole response must have arrived, connect included.
    /// - Returns: the response, whatever its status.
    /// - Throws: ``HTTPUpstreamError``: `.invalidRequest` (nothing sent), `.connectFailed`, `.timedOut`,
    ///   `.connectionClosed`, `.protocolError`, `.responseTooLarge`, `.shutDown`, or `.cancelled` when the
    ///   calling task is cancelled (its connection is closed at once).
    package func execute(
        _ request: HTTPUpstreamRequest,
        to address: HTTPUpstreamAddress,
        deadline: ContinuousClock.Instant
    ) async throws(HTTPUpstreamError) -> HTTPUpstreamResponse {
        guard !state.isShutDown.load(ordering: .relaxed) else {
            throw HTTPUpstreamError(.shutDown, "The client is shut down", address: address)
        }
        var encoded = try UpstreamRequestEncoder.encode(request, to: address)
        let remaining = deadline - .now
        guard remaining > .zero else {
            throw HTTPUpstreamError(.timedOut, "The deadline has passed", address: address)
        }
        let loop = eventLoopGroup.currentLoop ?? eventLoopGroup.next()
        let token = UpstreamCancellationToken()
        let method = request.method
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: UpstreamJob.Continuation) in
                let job = UpstreamJob(
                    method: method,
                    request: encoded,
                    address: address,
                    deadline: Deadline.now() + remaining,
                    token: token,
                    continuation: continuation
                )
                if loop.inEventLoop {
                    pool(on: loop).start(job)
                } else {
                    loop.execute { self.pool(on: loop).start(job) }
                }
            }
        } onCancel: {
            token.cancel()
            loop.execute { self.existingPool(on: loop)?.cancel(token) }
        }
        encoded = .init(head: [], body: [])
        return try result.get()
    }

    /// Closes every idle connection; afterwards ``execute(_:to:deadline:)`` fails with
    /// ``HTTPUpstreamError/Code/shutDown``. Requests in flight complete, and their connections close.
    package func shutdown() async {
        state.isShutDown.store(true, ordering: .relaxed)
        let pools = self.pools.withLock { Array($0.values) }
        for pool in pools {
            try? await pool.eventLoop.submit { pool.value.shutdown() }
        }
    }

    /// Counters and the current number of idle pooled connections (visits every loop).
    package func statistics() async -> HTTPUpstreamStatistics {
        var statistics = HTTPUpstreamStatistics()
        statistics.connectionsOpened = state.connectionsOpened.load(ordering: .relaxed)
        statistics.retries = state.retries.load(ordering: .relaxed)
        let pools = self.pools.withLock { Array($0.values) }
        for pool in pools {
            statistics.idleConnections += (try? await pool.eventLoop.submit { pool.value.idleConnectionCount }) ?? 0
        }
        return statistics
    }

    /// The pool of `loop`, created on first use. On `loop`.
    private func pool(on loop: EventLoop) -> UpstreamLoopPool {
        let key = ObjectIdentifier(loop)
        if let existing = pools.withLock({ $0[key] }) { return existing.value }
        let created = LoopBound(UpstreamLoopPool(eventLoop: loop, state: state), eventLoop: loop)
        pools.withLock { $0[key] = created }
        return created.value
    }

    /// The pool of `loop` if one exists. On `loop`.
    private func existingPool(on loop: EventLoop) -> UpstreamLoopPool? {
        pools.withLock { $0[ObjectIdentifier(loop)] }?.value
    }
}
