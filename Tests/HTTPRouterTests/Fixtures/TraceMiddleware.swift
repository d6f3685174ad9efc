import HTTPCore
import HTTPRouter
import Synchronization

/// A thread-safe list of events, shared by middleware and handlers under test.
final class Trace: Sendable {
    private let events = Mutex<[String]>([])

    func append(_ event: String) { events.withLock { $0.append(event) } }

    var all: [String] { events.withLock { $0 } }
}

/// Records `>name` before and `<name` after calling the next responder.
struct TraceMiddleware<Context: RequestContext>: RouterMiddleware {
    let name: String
    let trace: Trace

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        trace.append(">\(name)")
        var response = try await next(request, context)
        trace.append("<\(name):\(response.status.code)")
        response.headers.add("X-Trace", name)
        return response
    }
}

/// An application context whose identity an authentication middleware fills in.
struct AppContext: RootRequestContext {
    var coreContext: CoreRequestContext
    var userID: String?

    init(source: RequestContextSource) {
        coreContext = CoreRequestContext(source: source)
    }
}

/// The context of authenticated routes: the identity is not optional.
struct AuthenticatedContext: ChildRequestContext {
    var coreContext: CoreRequestContext
    let userID: String

    init(context: AppContext) throws {
        guard let userID = context.userID else {
            throw HTTPError(.unauthorized, message: "Unauthorized")
        }
        self.coreContext = context.coreContext
        self.userID = userID
    }
}

/// Sets `userID` from `Authorization: Bearer <id>`; rejects other schemes with 401.
struct BearerMiddleware: RouterMiddleware {
    func handle(
        _ request: Request,
        context: AppContext,
        next: (Request, AppContext) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        var context = context
        if let authorization = request.headers["Authorization"] {
            guard authorization.hasPrefix("Bearer ") else { throw HTTPError(.unauthorized, message: "Unauthorized") }
            context.userID = String(authorization.dropFirst("Bearer ".count))
        }
        return try await next(request, context)
    }
}
