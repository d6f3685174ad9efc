package import HTTPServer
package import LogKit

/// What the router knows about a request before any handler runs, for creating a root context.
package struct RequestContextSource: Sendable {
    /// The request id: the client's sane `X-Request-Id`, or a generated one (see ``RequestID``).
    package var requestID: String
    /// The router's logger with `request.id` set.
    package var logger: Logger
    /// The connection the request arrived on.
    package var connection: HTTPConnectionInfo

    /// Creates a source; the router does this for every request.
    package init(requestID: String, logger: Logger, connection: HTTPConnectionInfo) {
        self.requestID = requestID
        self.logger = logger
        self.connection = connection
    }
}

/// The storage every ``RequestContext`` carries: request id, logger, connection and the matched route.
///
/// The router fills ``route``, ``parameters`` and ``maxBodyBytes`` after matching and before running any
/// middleware, so router-level middleware (metrics, logging) already sees the route pattern.
package struct CoreRequestContext: Sendable {
    /// The request id, echoed in the `X-Request-Id` response header.
    package let requestID: String
    /// A logger whose metadata holds `request.id`; middleware may add metadata.
    package var logger: Logger
    /// The connection the request arrived on.
    package let connection: HTTPConnectionInfo
    /// The matched route pattern, such as `/paylinks/{id}`, never the raw path; `nil` when no route matched.
    package internal(set) var route: String?
    /// The matched route's path parameters.
    package internal(set) var parameters: RouteParameters
    /// The matched route's body limit (``RouteOptions/maxBodyBytes``); `nil` means the server default.
    package internal(set) var maxBodyBytes: Int?

    /// Creates the storage from a source, with no route matched yet.
    package init(source: RequestContextSource) {
        self.requestID = source.requestID
        self.logger = source.logger
        self.connection = source.connection
        self.route = nil
        self.parameters = RouteParameters()
        self.maxBodyBytes = nil
    }
}
