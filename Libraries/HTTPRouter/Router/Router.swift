package import HTTPCore
package import LogKit
import Synchronization

/// Routes requests to handlers by method and path pattern; the application's ``HTTPResponder``.
///
/// Register routes and middleware at start-up, then hand the router to the server. The first request
/// compiles the routes into an immutable ``RouteTrie`` (again after any later registration), so matching
/// takes one short lock to fetch the compiled table and no allocation for static routes.
///
/// ```swift
/// let router = Router(logger: logger)
/// router.add(middleware: RequestLoggingMiddleware())
/// router.get("/paylinks/{id}") { request, context in
///     try await repository.payLink(id: try context.parameters.require("id"))
/// }
/// // then hand `router` to the HTTP server as its responder
/// ```
///
/// For each request the router takes or generates the request id (``RequestID``), creates the context,
/// matches the route, runs the router middleware and then the route's group middleware and handler, and
/// answers unknown paths with 404 `NOT_FOUND`, known paths with another method with 405
/// `METHOD_NOT_ALLOWED` and an `Allow` header, and `OPTIONS` with 204 and `Allow`. Every response carries
/// `X-Request-Id`.
package final class Router<Context: RootRequestContext>: RouterMethods, RouteRegistrar, Sendable {
    private struct State {
        var routes: [RouteRegistration<Context>] = []
        var registered: Set<RouteKey> = []
        var middlewares: [any RouterMiddleware<Context>] = []
        var compiled: CompiledRoutes<Context>?
        var generation = 0
    }

    /// What makes two routes the same: the method and the pattern with parameter names erased.
    private struct RouteKey: Hashable {
        let method: String
        let shape: [RoutePattern.Segment]
    }

    let logger: Logger
    private let state = Mutex(State())
    /// The compiled table alone, in a non-generic lock: ``bodyLimit(for:)`` runs on the event loop and
    /// should not pay for generic metadata lookups. Written only inside `state`'s lock.
    private let currentTable = Mutex<RouteTable?>(nil)

    /// Creates a router whose handlers receive `Context`.
    ///
    /// - Parameters:
    ///   - context: The root context type, created for each request with ``RootRequestContext/init(source:)``.
    ///   - logger: The base logger; each request gets a copy with `request.id` metadata.
    package init(context: Context.Type = Context.self, logger: Logger) {
        self.logger = logger
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

    /// Adds a middleware that runs for every request, matched or not, in the order added.
    @discardableResult
    package func add(middleware: some RouterMiddleware<Context>) -> Self {
        state.withLock { state in
            state.middlewares.append(middleware)
            invalidate(&state)
        }
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
        state.withLock { state in
            let key = RouteKey(method: route.method.rawValue, shape: route.pattern.shape)
            precondition(
                state.registered.insert(key).inserted,
                "route \(route.method) \(route.pattern) registered twice"
            )
            state.routes.append(route)
            invalidate(&state)
        }
    }

    func routesChanged() {
        state.withLock { invalidate(&$0) }
    }

    /// The compiled routes, compiling them first if anything changed since the last compilation.
    func compiled() -> CompiledRoutes<Context> {
        if let compiled = state.withLock({ $0.compiled }) { return compiled }
        let (routes, middlewares, generation) = state.withLock { ($0.routes, $0.middlewares, $0.generation) }
        // Responder factories read group middleware under the groups' own locks: build outside ours.
        var trie = RouteTrie()
        var responders: [Responder<Context>] = []
        for route in routes {
            let inserted = trie.insert(
                route.pattern,
                method: route.method,
                responder: responders.count,
                options: route.options
            )
            assert(inserted, "duplicate routes are rejected at registration")
            responders.append(route.makeResponder())
        }
        trie.finish()
        let compiled = CompiledRoutes(trie: trie, responders: responders, middlewares: middlewares)
        state.withLock { state in
            guard state.generation == generation else { return }
            state.compiled = compiled
            currentTable.withLock { $0 = compiled.table }
        }
        return compiled
    }

    /// The compiled route table, compiling first if needed.
    func routeTable() -> RouteTable {
        if let table = currentTable.withLock({ $0 }) { return table }
        return compiled().table
    }

    /// Drops the compiled routes; called with `state` locked.
    private func invalidate(_ state: inout State) {
        state.compiled = nil
        state.generation += 1
        currentTable.withLock { $0 = nil }
    }
}

extension Router where Context == BasicRequestContext {
    /// Creates a router whose handlers receive a ``BasicRequestContext``.
    package convenience init(logger: Logger) {
        self.init(context: BasicRequestContext.self, logger: logger)
    }
}
