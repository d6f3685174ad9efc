import Glibc
package import HTTPCore
package import HTTPRouter
import LogKit
package import ServiceIdentity

/// Refuses, with 401, any request that does not carry a valid ``IdentityAssertion`` for this service, and puts
/// the asserted caller in the context.
///
/// Every route a service exposes to the gateway sits behind it, so a service reached directly (bypassing the
/// gateway) answers nothing but 401. The reason is logged, never sent: the caller learns only `UNAUTHORIZED`.
package struct InternalIdentityMiddleware<Context: IdentifiedRequestContext>: RouterMiddleware {
    /// The keys assertions are verified with.
    package let keys: InternalKeys
    /// This service's name, the only audience accepted.
    package let service: String

    /// Creates the middleware.
    package init(keys: InternalKeys, service: String) {
        self.keys = keys
        self.service = service
    }

    package func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        let assertion: IdentityAssertion
        do {
            assertion = try IdentityAssertion.verify(
                request.headers[IdentityAssertion.headerName],
                keys: keys,
                audience: service,
                now: Int64(time(nil))
            )
        } catch {
            context.logger.warning("internal call refused", metadata: ["reason": "\(error.code)"])
            throw HTTPError(.unauthorized, code: .unauthorized, message: "Unauthorized")
        }
        var context = context
        context.identity = assertion.identity
        if let userID = assertion.identity.userID { context.logger[metadataKey: "user.id"] = userID }
        return try await next(request, context)
    }
}
