import Glibc
package import HTTPCore
package import HTTPRouter
package import JWT
import LogKit
import ServiceIdentity

/// Establishes who the caller is: a valid `Authorization: Bearer <JWT>` makes them that user, no
/// `Authorization` header makes them anonymous, anything else is a 401 before the request goes anywhere.
///
/// The identity is only ever taken from the token: identity headers a client sends are stripped by the proxy
/// and replaced by the gateway's own signed assertion.
package struct BearerAuthenticationMiddleware: RouterMiddleware {
    /// Verifies tokens; `nil` when no JWT secret is configured (then any bearer token is refused).
    package let signer: JWTSigner?

    /// Creates the middleware.
    package init(signer: JWTSigner?) { self.signer = signer }

    package func handle(
        _ request: Request,
        context: GatewayContext,
        next: (Request, GatewayContext) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        var context = context
        context.identity = try authenticate(request.headers.values(for: "Authorization"), context: context)
        if let userID = context.identity?.userID { context.logger[metadataKey: "user.id"] = userID }
        return try await next(request, context)
    }

    private func authenticate(_ values: [String], context: GatewayContext) throws -> CallerIdentity {
        guard let value = values.first else { return .anonymous }
        guard values.count == 1, let token = Self.bearerToken(value), let signer else {
            throw Self.unauthorized
        }
        do {
            let claims = try signer.verify(token, as: PayLinksClaims.self, now: Int64(time(nil)))
            let role: CallerIdentity.Role = claims.role == .admin ? .admin : .user
            return CallerIdentity(userID: claims.subject.value, role: role)
        } catch {
            context.logger.info("bearer token refused", metadata: ["reason": "\(error.code)"])
            throw Self.unauthorized
        }
    }

    /// The token of an `Authorization: Bearer <token>` value (scheme case-insensitive, RFC 9110 §11.1).
    static func bearerToken(_ value: String) -> String? {
        let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingSpaces()
        return token.isEmpty ? nil : String(token)
    }

    private static var unauthorized: HTTPError {
        HTTPError(.unauthorized, code: .unauthorized, message: "Unauthorized", headers: ["WWW-Authenticate": "Bearer"])
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        var result = self
        while result.last == " " || result.last == "\t" { result.removeLast() }
        while result.first == " " || result.first == "\t" { result.removeFirst() }
        return result
    }
}
