import HTTPCore

/// A compiled ``RouteTrie`` shared by reference, without the generic context (cheap to fetch on the event
/// loop for body limits).
final class RouteTable: Sendable {
    let trie: RouteTrie

    init(trie: RouteTrie) { self.trie = trie }
}

/// A router's routes and middleware frozen for serving: read-only, shared by all requests.
final class CompiledRoutes<Context: RootRequestContext>: Sendable {
    let table: RouteTable
    /// The route responders, indexed by ``RouteTrie/Endpoint/responder``.
    let responders: [Responder<Context>]
    let middlewares: [any RouterMiddleware<Context>]

    init(trie: RouteTrie, responders: [Responder<Context>], middlewares: [any RouterMiddleware<Context>]) {
        self.table = RouteTable(trie: trie)
        self.responders = responders
        self.middlewares = middlewares
    }

    /// Runs the router middleware from `index` on, then `terminal`, mapping thrown errors to responses.
    func run(
        _ request: Request,
        context: Context,
        from index: Int = 0,
        terminal: (Request, Context) async -> HTTPResponse
    ) async -> HTTPResponse {
        guard index < middlewares.count else { return await terminal(request, context) }
        do {
            return try await middlewares[index].handle(request, context: context) { request, context in
                await run(request, context: context, from: index + 1, terminal: terminal)
            }
        } catch {
            return ErrorResponse.response(for: error, context: context)
        }
    }
}
