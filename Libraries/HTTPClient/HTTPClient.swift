package import LogKit

/// An HTTP/1.1 client on libcurl's multi interface, for calls to other services and payment providers.
///
/// One client owns one dedicated thread (not a thread of the Swift cooperative pool) that drives every
/// request through a shared `CURLM` handle, so idle connections are cached and reused across requests
/// and many requests run concurrently without occupying any task thread. Requests reach that thread
/// through a lock-protected queue; each call suspends on a continuation that is resumed exactly once.
///
/// Defaults: TLS peer and host verification (trust a private CA with
/// ``HTTPClientConfiguration/caBundlePath``), HTTP/1.1, no redirects, no proxy (environment variables are
/// ignored), no `Expect: 100-continue`, a 10 MiB response limit. A response with any status is returned,
/// not thrown.
///
/// ```swift
/// let client = HTTPClient(logger: logger)
/// let response = try await client.execute(
///     HTTPClientRequest(method: .post, url: "https://api.example.com/v1/x", headers: ["Content-Type": "application/json"], body: bytes),
///     timeout: .seconds(5)
/// )
/// await client.shutdown()
/// ```
///
/// Threading: `Sendable`; share one client per process or per dependency. Call ``shutdown()`` (or run the
/// client as a `Service`) before dropping it; dropping it without shutdown still stops its thread, but
/// without waiting.
package final class HTTPClient: Sendable {
    /// The settings every request of this client uses.
    package let configuration: HTTPClientConfiguration
    private let engine: CurlMultiEngine
    private let connections = ConnectionCounter()
    private let logger: Logger

    /// Creates a client and starts its thread.
    ///
    /// - Parameters:
    ///   - configuration: timeouts, TLS trust, limits, redirects and proxy.
    ///   - logger: receives a debug record per request (method, status or error, duration; never the URL).
    package init(configuration: HTTPClientConfiguration = HTTPClientConfiguration(), logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        engine = CurlMultiEngine(
            name: "paylinks.http-client",
            options: CurlMultiEngine.Options(
                maximumCachedConnections: configuration.maximumCachedConnections,
                maximumConnectionsPerHost: configuration.maximumConnectionsPerHost ?? 0
            ),
            logger: logger
        )
    }

    deinit {
        engine.requestShutdown()
    }

    /// Sends a request and returns the complete response.
    ///
    /// Never blocks the calling thread: the transfer runs on the client's own thread while the caller is
    /// suspended. Cancelling the calling task removes the transfer and throws
    /// ``HTTPClientError/Code/cancelled`` at once.
    ///
    /// - Parameters:
    ///   - request: the request; `url` must be an absolute `http` or `https` URL.
    ///   - timeout: the whole request's deadline, from submission to the last body byte (connecting
    ///     included, and bounded further by ``HTTPClientConfiguration/connectTimeout``).
    /// - Returns: the final response, whatever its status.
    /// - Throws: ``HTTPClientError`` when no complete response was received.
    package func execute(
        _ request: HTTPClientRequest,
        timeout: Duration
    ) async throws(HTTPClientError) -> HTTPClientResponse {
        let prepared = try PreparedHTTPRequest(request, timeout: timeout, configuration: configuration)
        let completion = ResultCompletion<HTTPClientResponse, HTTPClientError>()
        let id = engine.makeJobID()
        let job = CurlJob(
            id: id,
            makeTransfer: { [configuration, connections, logger] in
                // The caller may have been cancelled between submitting and now.
                guard !completion.isCompleted else { return nil }
                return HTTPTransfer(
                    request: prepared,
                    configuration: configuration,
                    completion: completion,
                    connectionCounter: connections,
                    logger: logger
                )
            },
            abandon: { completion.complete(.failure(HTTPClientError(code: .shutdown))) }
        )
        let engine = self.engine
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                guard completion.wait(continuation) else { return }
                if !engine.submit(job) { completion.complete(.failure(HTTPClientError(code: .shutdown))) }
            }
        } onCancel: {
            completion.complete(.failure(HTTPClientError(code: .cancelled)))
            engine.cancel(id)
        }
        return try result.get()
    }

    /// Fails in-flight and queued requests with ``HTTPClientError/Code/shutdown``, closes every connection
    /// and returns once the client's thread has finished. Later requests fail with `shutdown`. Idempotent.
    package func shutdown() async {
        await engine.shutdown()
    }

    /// The number of connections this client has opened so far; with connection reuse it grows more slowly
    /// than the number of requests.
    package var openedConnectionCount: Int { connections.value }
}
