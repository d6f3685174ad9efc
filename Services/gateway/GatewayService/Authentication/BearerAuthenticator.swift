import Glibc
package import HTTPCore
package import HTTPRouter
package import JWT
package import LogKit
package import ServiceIdentity

/// Establishes who the caller is: a valid `Authorization: Bearer <JWT>` whose `tv` matches the user's
/// current tokenVersion makes them that user, no `Authorization` header makes them anonymous, anything
/// else is a 401 before the request goes anywhere (DESIGN §6).
///
/// The identity is only ever taken from the token and the user's session at auth (``SessionCache``):
/// identity headers a client sends are stripped by the proxy and replaced by the gateway's own signed
/// assertion, and the role asserted is the session's current role, not the one the token was minted with.
/// Refusals are logged with a reason code only, never the token.
package struct BearerAuthenticator: Sendable {
    /// Verifies tokens; `nil` when no JWT secret is configured (then any bearer token is refused).
    let signer: JWTSigner?
    /// Current tokenVersion, role and default currency per user.
    let sessions: SessionCache

    /// Creates the authenticator.
    package init(signer: JWTSigner?, sessions: SessionCache) {
        self.signer = signer
        self.sessions = sessions
    }

    /// The caller of a request with these header fields, and their session when signed in.
    ///
    /// - Throws: 401 `UNAUTHORIZED` (bad, stale or foreign token, unknown user), 503 `SERVICE_UNAVAILABLE`
    ///   when the session cannot be checked because auth does not answer.
    package func authenticate(
        _ headers: HTTPFields,
        logger: Logger
    ) async throws(HTTPError) -> (identity: CallerIdentity, session: Session?) {
        let values = headers.values(for: "Authorization")
        guard let value = values.first else { return (.anonymous, nil) }
        guard values.count == 1, let token = Self.bearerToken(value) else {
            throw Self.refuse("malformed_authorization", logger: logger)
        }
        guard let signer else { throw Self.refuse("no_jwt_secret", logger: logger) }
        let claims: PayLinksClaims
        do {
            claims = try signer.verify(token, as: PayLinksClaims.self, now: Int64(time(nil)))
        } catch {
            throw Self.refuse("jwt_\(error.code)", logger: logger)
        }
        let userID = claims.subject.value
        var session = try await lookup(userID, refresh: false, logger: logger)
        // A newer token than the cached session can only mean the feed has not caught up yet: ask once.
        if let current = session, claims.tokenVersion > current.tokenVersion {
            session = try await lookup(userID, refresh: true, logger: logger)
        }
        guard let session else { throw Self.refuse("unknown_user", logger: logger) }
        guard session.tokenVersion == claims.tokenVersion else {
            throw Self.refuse("token_version", logger: logger)
        }
        let role: CallerIdentity.Role = session.role == "ADMIN" ? .admin : .user
        return (CallerIdentity(userID: userID, role: role), session)
    }

    private func lookup(_ userID: String, refresh: Bool, logger: Logger) async throws(HTTPError) -> Session? {
        do {
            return try await sessions.session(for: userID, refresh: refresh)
        } catch {
            logger.warning("bearer token not checked", metadata: ["reason": "session_unavailable"])
            throw HTTPError(
                .serviceUnavailable,
                code: .serviceUnavailable,
                message: "Sign-in cannot be checked right now, retry shortly",
                headers: ["Retry-After": "1"]
            )
        }
    }

    /// The token of an `Authorization: Bearer <token>` value (scheme case-insensitive, RFC 9110 §11.1).
    static func bearerToken(_ value: String) -> String? {
        let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingASCIIWhitespace()
        return token.isEmpty ? nil : String(token)
    }

    private static func refuse(_ reason: String, logger: Logger) -> HTTPError {
        logger.info("bearer token refused", metadata: ["reason": "\(reason)"])
        return unauthorized
    }

    /// The seed's 401: `{"error":{"message":"Unauthorized","code":"UNAUTHORIZED"}}` with `WWW-Authenticate`.
    package static var unauthorized: HTTPError {
        HTTPError(.unauthorized, code: .unauthorized, message: "Unauthorized", headers: ["WWW-Authenticate": "Bearer"])
    }
}
