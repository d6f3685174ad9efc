package import HTTPCore
package import MetricsKit
import Synchronization

/// Records `http_requests_total` and `http_request_duration_seconds`, labelled by method, route and status.
///
/// The route label is the matched pattern (`/paylinks/{id}`), or `unmatched` when no route matched, and
/// methods other than the standard ones are counted as `OTHER`, so clients cannot grow the number of series
/// with made-up paths or methods. Series are looked up once per label combination and cached.
package struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The counter and histogram of one label combination.
    private struct Series: Sendable {
        let requests: Counter
        let duration: Histogram
    }

    private struct SeriesKey: Hashable {
        let method: String
        let route: String
        let status: Int
    }

    /// The cache shared by copies of the middleware.
    private final class Cache: Sendable {
        let registry: MetricsRegistry
        let series = Mutex<[SeriesKey: Series]>([:])

        init(registry: MetricsRegistry) { self.registry = registry }
    }

    private let cache: Cache

    /// Creates the middleware recording into `registry` (the process-wide ``MetricsSystem/registry`` by
    /// default).
    package init(registry: MetricsRegistry = MetricsSystem.registry) {
        self.cache = Cache(registry: registry)
    }

    package func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let key = SeriesKey(
            method: Self.label(for: request.method),
            route: context.route ?? "unmatched",
            status: response.status.code
        )
        let series = series(for: key)
        series.requests.increment()
        series.duration.observe(elapsed)
        return response
    }

    private static func label(for method: HTTPMethod) -> String {
        switch method.rawValue {
        case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS": method.rawValue
        default: "OTHER"
        }
    }

    private func series(for key: SeriesKey) -> Series {
        if let series = cache.series.withLock({ $0[key] }) { return series }
        let labels = [("method", key.method), ("route", key.route), ("status", String(key.status))]
        let series = Series(
            requests: cache.registry.counter("http_requests_total", help: "HTTP requests answered.", labels: labels),
            duration: cache.registry.histogram(
                "http_request_duration_seconds",
                help: "Time to answer HTTP requests, in seconds.",
                labels: labels
            )
        )
        cache.series.withLock { $0[key] = series }
        return series
    }
}
