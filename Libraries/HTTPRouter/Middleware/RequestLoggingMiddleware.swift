package import HTTPCore
package import LogKit

/// Logs one line per request when it completes: method, matched route, status and duration.
///
/// The line goes to the request's logger, so it carries `request.id`; keys are `http.method`,
/// `http.route` (the pattern, `unmatched` when no route matched — never the raw path, which may hold
/// tokens), `http.status` and `duration.ms` (milliseconds with three decimals).
///
/// Routes polled many times a second by other services (such as auth's session change feed) can be named
/// quiet: their successful requests are logged at `debug`, their failures at the normal level.
package struct RequestLoggingMiddleware<Context: RequestContext>: RouterMiddleware {
    private let level: LogLevel
    private let quietRoutes: Set<String>

    /// Creates the middleware.
    ///
    /// - Parameters:
    ///   - level: The level of the request lines; `info` by default.
    ///   - quietRoutes: Route patterns whose 2xx/3xx requests are logged at `debug`.
    package init(level: LogLevel = .info, quietRoutes: Set<String> = []) {
        self.level = level
        self.quietRoutes = quietRoutes
    }

    package func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let quiet = response.status.code < 400 && context.route.map { quietRoutes.contains($0) } == true
        context.logger.log(
            level: quiet ? .debug : level,
            "request",
            metadata: [
                LogKeys.httpMethod: request.method.rawValue,
                LogKeys.httpRoute: context.route ?? "unmatched",
                LogKeys.httpStatus: String(response.status.code),
                LogKeys.durationMilliseconds: Self.milliseconds(elapsed),
            ]
        )
        return response
    }

    /// A duration in milliseconds with three decimals, such as `12.034`.
    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let microseconds = max(0, seconds * 1_000_000 + attoseconds / 1_000_000_000_000)
        let fraction = String(microseconds % 1000)
        return "\(microseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
