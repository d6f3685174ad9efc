package import HTTPCore
package import HTTPServer
import LogKit

extension Router: HTTPResponder {
    /// The matched route's ``RouteOptions/maxBodyBytes`` (`HEAD` uses the `GET` route's), or `nil` for the
    /// server default when the route sets none or nothing matches.
    ///
    /// Called on the server's event loop for every request head: a trie walk, no allocation for static
    /// routes, never blocks.
    package func bodyLimit(for head: HTTPRequestHead) -> Int? {
        routeTable().trie.maxBodyBytes(path: RequestTarget.split(head.target).path, method: head.method)
    }

    /// Answers a complete request; see ``Router`` for the sequence of steps.
    package func respond(to request: HTTPRequest, connection: HTTPConnectionInfo) async -> HTTPResponse {
        let routes = compiled()
        let requestID = RequestID.resolve(incoming: request.head.headers[RequestID.headerName])
        var logger = self.logger
        logger[metadataKey: LogKeys.requestID] = requestID
        var context = Context(
            source: RequestContextSource(requestID: requestID, logger: logger, connection: connection)
        )
        let request = Request(request)
        let resolution = routes.table.trie.resolve(path: request.path, method: request.method)
        switch resolution {
        case .endpoint(let endpoint, let pattern, let parameters):
            context.coreContext.route = pattern
            context.coreContext.parameters = parameters
            context.coreContext.maxBodyBytes = endpoint.options.maxBodyBytes
        case .methodNotAllowed(let pattern, _), .options(let pattern, _):
            context.coreContext.route = pattern
        case .notFound:
            break
        }
        var response = await routes.run(request, context: context) { request, context in
            switch resolution {
            case .endpoint(let endpoint, _, _):
                await routes.responders[endpoint.responder].respond(request, context)
            case .methodNotAllowed(_, let allow):
                HTTPError(
                    .methodNotAllowed,
                    code: .methodNotAllowed,
                    message: "Method not allowed",
                    headers: ["Allow": allow]
                )
                .response
            case .options(_, let allow):
                HTTPResponse(status: .noContent, headers: ["Allow": allow])
            case .notFound:
                HTTPError.routeNotFound.response
            }
        }
        response.headers.set(RequestID.headerName, to: requestID)
        return response
    }
}
