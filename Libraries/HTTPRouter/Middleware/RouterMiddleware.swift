package import HTTPCore

/// Code that runs around the handlers of a router or group: it may inspect or change the request and
/// context, call `next` (at most once), change the response, or answer without calling `next`.
///
/// Router-level middleware runs for every request, including ones answered 404, 405 or by the automatic
/// `OPTIONS`; the route is already matched, so ``RequestContext/route`` is set. Group middleware runs for
/// the group's routes only, after the router's and any enclosing group's, in the order added.
///
/// Errors never escape as errors: anything thrown below a middleware (by a handler, inner middleware or
/// a child context) has already become its response — ``HTTPError`` JSON, or a logged 500 — by the time
/// `next` returns, so a middleware sees the final status. What a middleware throws itself is mapped the
/// same way for the middleware outside it.
///
/// ```swift
/// struct RequireAPIKeyMiddleware<Context: RequestContext>: RouterMiddleware {
///     func handle(
///         _ request: Request, context: Context, next: (Request, Context) async throws -> HTTPResponse
///     ) async throws -> HTTPResponse {
///         guard request.headers["X-Api-Key"] == "secret" else { throw HTTPError(.unauthorized) }
///         return try await next(request, context)
///     }
/// }
/// ```
package protocol RouterMiddleware<Context>: Sendable {
    /// The context type of the routes this middleware wraps.
    associatedtype Context

    /// Handles a request, usually by calling `next` once.
    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> HTTPResponse
    ) async throws -> HTTPResponse
}
