package import HTTPServer
package import LogKit

/// The per-request value handed to middleware and handlers along with the ``Request``.
///
/// A context is a struct holding a ``CoreRequestContext`` plus whatever the application adds (an
/// authenticated identity, say). Contexts a ``Router`` creates itself conform to ``RootRequestContext``;
/// contexts derived from another one for a group of routes conform to ``ChildRequestContext``. Middleware
/// written for any context is generic over this protocol:
///
/// ```swift
/// struct TimingMiddleware<Context: RequestContext>: RouterMiddleware { … }
/// ```
package protocol RequestContext: Sendable {
    /// The router-managed storage.
    var coreContext: CoreRequestContext { get set }
}

extension RequestContext {
    /// The request id (also in the logger's `request.id` metadata and the `X-Request-Id` response header).
    package var requestID: String { coreContext.requestID }

    /// The request's logger, with `request.id` metadata.
    package var logger: Logger {
        get { coreContext.logger }
        set { coreContext.logger = newValue }
    }

    /// The matched route pattern such as `/paylinks/{id}` (for metrics and logs), `nil` when none matched.
    package var route: String? { coreContext.route }

    /// The matched route's path parameters.
    package var parameters: RouteParameters { coreContext.parameters }

    /// The connection the request arrived on.
    package var connection: HTTPConnectionInfo { coreContext.connection }

    /// The matched route's body limit in bytes; `nil` means the server's default applied.
    package var maxBodyBytes: Int? { coreContext.maxBodyBytes }
}

/// A context the router creates for each request, at the root of the middleware chain.
///
/// ```swift
/// struct AppContext: RootRequestContext {
///     var coreContext: CoreRequestContext
///     var identity: Identity?
///     init(source: RequestContextSource) { coreContext = CoreRequestContext(source: source) }
/// }
/// let router = Router(context: AppContext.self, logger: logger)
/// ```
package protocol RootRequestContext: RequestContext {
    /// Creates the context for a new request.
    init(source: RequestContextSource)
}

/// A context derived from its parent context for the routes of one group, failing when it cannot be.
///
/// Created by ``RouterMethods/group(_:context:)`` after the parent's middleware ran (so an authentication
/// middleware can fill the parent's optional identity first). A thrown ``HTTPResponseError`` becomes the
/// response, so authenticated routes get a non-optional identity:
///
/// ```swift
/// struct AuthenticatedContext: ChildRequestContext {
///     var coreContext: CoreRequestContext
///     let identity: Identity
///     init(context: AppContext) throws {
///         guard let identity = context.identity else { throw HTTPError(.unauthorized) }
///         self.coreContext = context.coreContext
///         self.identity = identity
///     }
/// }
/// ```
package protocol ChildRequestContext<ParentContext>: RequestContext {
    /// The context this one is derived from.
    associatedtype ParentContext: RequestContext

    /// Derives the context, or throws to answer the request with the error.
    init(context: ParentContext) throws
}
