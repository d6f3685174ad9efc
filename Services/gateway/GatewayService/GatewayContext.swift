package import HTTPRouter
import HTTPServer
package import ServiceIdentity
import ServiceRuntime

/// The gateway's request context: the router's storage plus what the edge established about the request.
package struct GatewayContext: RootRequestContext, IdentifiedRequestContext {
    /// The router-managed storage.
    package var coreContext: CoreRequestContext
    /// The authenticated caller with the resolved currency; ``GatewayEdgeMiddleware`` sets it (anonymous
    /// without a token).
    package var identity: CallerIdentity?
    /// The route table entry the path matched; set by ``GatewayEdgeMiddleware``.
    package var route: GatewayRouteTable.Entry?
    /// The client's IP: the TCP peer, or what a trusted proxy says (``TrustedProxies``).
    package var clientAddress: String

    /// Creates the context for a new request.
    package init(source: RequestContextSource) {
        coreContext = CoreRequestContext(source: source)
        identity = nil
        route = nil
        clientAddress = source.connection.remoteAddress
    }
}
