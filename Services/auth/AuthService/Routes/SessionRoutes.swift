import HTTPCore
import HTTPRouter
import ServiceRuntime

/// Contract C2, for the gateway: `GET /internal/sessions/{userId}` and `GET /internal/sessions/changes`.
///
/// Both require a caller with role `SERVICE` (403 otherwise). The change feed is ordered by a number taken
/// in commit order, so a poller that resumes after the last `cursor` it saw never misses a change.
enum SessionRoutes {
    /// The most changes one poll returns.
    static let pageSize = 1000

    private struct Changes: Encodable {
        var cursor: String
        var changes: [SessionState]
    }

    static func register(on api: RouterGroup<ServiceRequestContext>, routes: AuthRouteContext) {
        api.get("/internal/sessions/changes") { request, context in
            try context.requireService()
            guard let after = request.query["after"] else {
                let latest = try await routes.repository.latestSessionCursor()
                return Changes(cursor: String(latest), changes: [])
            }
            guard let cursor = Int64(after), cursor >= 0 else {
                throw HTTPError.validation("after must be a cursor from a previous answer (a non-negative integer)")
            }
            let page = try await routes.repository.sessionChanges(after: cursor, limit: pageSize)
            return Changes(cursor: String(page.cursor), changes: page.changes)
        }

        api.get("/internal/sessions/{userId}") { _, context in
            try context.requireService()
            let userID = try context.parameters.require("userId")
            guard let state = try await routes.repository.sessionState(userID: userID) else {
                throw HTTPError(.notFound, code: .notFound, message: "User not found")
            }
            return state
        }
    }
}
