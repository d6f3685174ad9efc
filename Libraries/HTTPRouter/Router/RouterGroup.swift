package import HTTPCore
import Synchronization

/// Routes under a common path prefix with their own middleware, created by ``RouterMethods/group(_:)``.
///
/// ```swift
/// let api = router.group("/api/v1").add(middleware: RateLimitMiddleware())
/// api.get("/paylinks/public") { request, context in … }
/// let me = api.group("/me", context: AuthenticatedContext.self)
/// me.get { request, context in context.identity.userID }
/// ```
///
/// Middleware added to a group applies to all of its routes and its nested groups' routes, whenever it
/// was added; it runs after the router's and the enclosing groups' middleware. Safe to use from any
/// thread, though routes are normally registered once at start-up.
package final class RouterGroup<Context: RequestContext>: RouterMethods, RouteRegistrar, Sendable {
    private let prefix: RoutePattern
    private let parent: any RouteRegistrar<Context>
    /// Held apart from the group so the router's responder factories capture only the list, not the group
    /// (the group references the router: capturing it would make a cycle).
    private let middlewares = MiddlewareList<Context>()

    init(prefix: RoutePattern, parent: any RouteRegistrar<Context>) {
        self.prefix = prefix
        self.parent = parent
    }

    @discardableResult
    package func on<Output: ResponseGenerator>(
        _ path: String,
        method: HTTPMethod,
        options: RouteOptions,
        use handler: @escaping @Sendable (Request, Context) async throws -> Output
    ) -> Self {
        register(RouteRegistration(method: method, pattern: RoutePattern(path), options: options) { .handler(handler) })
        return self
    }

    @discardableResult
    package func add(middleware: some RouterMiddleware<Context>) -> Self {
        middlewares.storage.withLock { $0.append(middleware) }
        routesChanged()
        return self
    }

    package func group(_ path: String = "") -> RouterGroup<Context> {
        RouterGroup(prefix: RoutePattern(path), parent: self)
    }

    package func group<Child: ChildRequestContext>(_ path: String = "", context: Child.Type) -> RouterGroup<Child>
    where Child.ParentContext == Context {
        RouterGroup<Child>(prefix: RoutePattern(path), parent: ContextConvertingRegistrar<Child>(parent: self))
    }

    func register(_ route: RouteRegistration<Context>) {
        let middlewares = middlewares
        parent.register(
            RouteRegistration(method: route.method, pattern: prefix.appending(route.pattern), options: route.options) {
                route.makeResponder().wrapped(by: middlewares.storage.withLock { $0 })
            }
        )
    }

    func routesChanged() { parent.routesChanged() }
}

/// A group's middleware, shared between the group and its routes' responder factories.
private final class MiddlewareList<Context: RequestContext>: Sendable {
    let storage = Mutex<[any RouterMiddleware<Context>]>([])
}
