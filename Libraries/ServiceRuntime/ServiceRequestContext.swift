import HTTPCore
package import HTTPRouter
package import ServiceIdentity

/// A context that carries the caller's identity, filled by ``InternalIdentityMiddleware``.
package protocol IdentifiedRequestContext: RequestContext {
    /// The verified caller; `nil` until the middleware ran (routes outside the internal API).
    var identity: CallerIdentity? { get set }
}

/// The request context of every PayLinks service: the router's storage plus the verified caller.
package struct ServiceRequestContext: RootRequestContext, IdentifiedRequestContext {
    /// The router-managed storage.
    package var coreContext: CoreRequestContext
    /// The verified caller (set for routes under the internal API groups).
    package var identity: CallerIdentity?

    /// Creates the context for a new request, with no identity yet.
    package init(source: RequestContextSource) {
        coreContext = CoreRequestContext(source: source)
        identity = nil
    }
}

extension IdentifiedRequestContext {
    /// The calling service's name when the caller is another PayLinks service (role `SERVICE`).
    ///
    /// - Throws: 403 `FORBIDDEN` with `message` for anyone else.
    @discardableResult
    package func requireService(_ message: String = "Only PayLinks services may call this") throws -> String {
        guard let identity, identity.role == .service, let name = identity.userID else {
            throw HTTPError(.forbidden, code: .forbidden, message: message)
        }
        return name
    }
}
