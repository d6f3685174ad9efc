import HTTPCore

/// A compiled step of a route: handler, middleware and context conversions folded into one closure that
/// never throws (errors are already responses).
struct Responder<Context: RequestContext>: Sendable {
    let respond: @Sendable (Request, Context) async -> HTTPResponse

    /// A handler as a responder: runs it, turns its output into a response and maps thrown errors.
    static func handler<Output: ResponseGenerator>(
        _ handler: @escaping @Sendable (Request, Context) async throws -> Output
    ) -> Responder {
        Responder { request, context in
            do {
                return try await handler(request, context).response(from: request, context: context)
            } catch {
                return ErrorResponse.response(for: error, context: context)
            }
        }
    }

    /// This responder wrapped by `middlewares`, the first outermost.
    func wrapped(by middlewares: [any RouterMiddleware<Context>]) -> Responder {
        middlewares.reversed().reduce(self) { next, middleware in
            Responder { request, context in
                do {
                    return try await middleware.handle(request, context: context, next: next.respond)
                } catch {
                    return ErrorResponse.response(for: error, context: context)
                }
            }
        }
    }
}

/// A route on its way up to the router: method, pattern relative to the registrar, options and a
/// factory for its responder (called when the router compiles, so middleware added later still applies).
struct RouteRegistration<Context: RequestContext>: Sendable {
    let method: HTTPMethod
    let pattern: RoutePattern
    let options: RouteOptions
    let makeResponder: @Sendable () -> Responder<Context>
}

/// Something routes can be registered with: a router, a group, or a context-converting group.
protocol RouteRegistrar<Context>: Sendable {
    associatedtype Context: RequestContext

    /// Adds a route; the pattern is relative to this registrar.
    func register(_ route: RouteRegistration<Context>)

    /// Tells the router to recompile before the next request (a group's middleware changed).
    func routesChanged()
}

/// Registers the routes of a ``ChildRequestContext`` group with the parent, converting the context first.
struct ContextConvertingRegistrar<Child: ChildRequestContext>: RouteRegistrar {
    let parent: any RouteRegistrar<Child.ParentContext>

    func register(_ route: RouteRegistration<Child>) {
        parent.register(
            RouteRegistration(method: route.method, pattern: route.pattern, options: route.options) {
                let inner = route.makeResponder()
                return Responder { request, parentContext in
                    let context: Child
                    do {
                        context = try Child(context: parentContext)
                    } catch {
                        return ErrorResponse.response(for: error, context: parentContext)
                    }
                    return await inner.respond(request, context)
                }
            }
        )
    }

    func routesChanged() { parent.routesChanged() }
}
