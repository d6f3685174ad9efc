package import HTTPRouter
package import ServiceIdentity
import ServiceRuntime

/// The gateway's request context: the router's storage plus the caller the gateway authenticated.
package struct GatewayContext: RootRequestContext, IdentifiedRequestContext {
    /// The router-managed storage.
    package var coreContext: CoreRequestContext
    /// The authenticated caller; ``BearerAuthenticationMiddleware`` sets it (anonymous without a token).
    package var identity: CallerIdentity?

    /// Creates the context for a new request.
    package init(source: RequestContextSource) {
        coreContext = CoreRequestContext(source: source)
        identity = nil
    }
}
