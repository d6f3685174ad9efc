package import HTTPCore
package import HTTPRouter
import HTTPServer
import LogKit
import ServiceIdentity

/// Everything the gateway decides about a forwarded request before a service sees it, in this order:
///
/// 1. `/api/v1/internal/**` → 404 (service-to-service only, never reachable from outside);
/// 2. the client IP (``TrustedProxies``) and its token buckets: per IP, plus the stricter one on
///    `/api/v1/auth/**` → 429 `RATE_LIMITED` with `Retry-After` and `RateLimit-*`;
/// 3. `X-Currency` → 400 `INVALID_CURRENCY` (``CurrencyHeader``);
/// 4. the bearer token and the user's session (``BearerAuthenticator``) → 401 / 503;
/// 5. the route table: unknown path → 404, protected route and anonymous caller → 401;
/// 6. the per-user bucket → 429;
/// 7. the identity with its resolved currency (header, else the user's default, else `RON`).
///
/// Successful responses carry the `RateLimit-*` headers of the tightest bucket that applied (unless the
/// service sent its own, such as auth's per-email limit). Runs on every forwarded request: a few
/// dictionary lookups, no allocation beyond the headers it adds.
package struct GatewayEdgeMiddleware: RouterMiddleware {
    package typealias Context = GatewayContext

    let table: GatewayRouteTable
    let authenticator: BearerAuthenticator
    let trustedProxies: TrustedProxies
    let perIP: RateLimiter?
    let perUser: RateLimiter?
    let authPerIP: RateLimiter?

    /// Creates the middleware.
    package init(
        table: GatewayRouteTable,
        authenticator: BearerAuthenticator,
        trustedProxies: TrustedProxies,
        rateLimits: GatewayConfiguration.RateLimits
    ) {
        self.table = table
        self.authenticator = authenticator
        self.trustedProxies = trustedProxies
        perIP = rateLimits.perIP.map { RateLimiter(policy: $0, maxKeys: rateLimits.maxKeys) }
        perUser = rateLimits.perUser.map { RateLimiter(policy: $0, maxKeys: rateLimits.maxKeys) }
        authPerIP = rateLimits.authPerIP.map { RateLimiter(policy: $0, maxKeys: rateLimits.maxKeys) }
    }

    package func handle(
        _ request: Request,
        context: GatewayContext,
        next: (Request, GatewayContext) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        var context = context
        let path = request.path.utf8
        if Self.hasPrefix(path, Self.internalPrefix) {
            throw HTTPError(.notFound, code: .notFound, message: "Not found")
        }
        if !trustedProxies.isEmpty {
            context.clientAddress = trustedProxies.clientAddress(
                peer: context.connection.remoteAddress,
                forwardedFor: request.headers.values(for: "X-Forwarded-For")
            )
        }
        let now = RateLimiter.monotonicNow()
        var tightest: RateLimitDecision?
        let clientKey = RateLimiter.clientKey(context.clientAddress)
        if let perIP { try Self.check(perIP, key: clientKey, now: now, tightest: &tightest) }
        if let authPerIP, Self.hasPrefix(path, Self.authPrefix) {
            try Self.check(authPerIP, key: clientKey, now: now, tightest: &tightest)
        }
        let requested = try CurrencyHeader.requested(in: request.headers)
        let (identity, session) = try await authenticator.authenticate(request.headers, logger: context.logger)
        guard let route = table.match(request.path) else {
            throw HTTPError(.notFound, code: .notFound, message: "Not found")
        }
        if let userID = identity.userID {
            context.logger[metadataKey: "user.id"] = userID
            if let perUser { try Self.check(perUser, key: userID, now: now, tightest: &tightest) }
        } else if !route.isPublic {
            context.logger.info("request refused", metadata: ["reason": "anonymous_on_protected_route"])
            throw BearerAuthenticator.unauthorized
        }
        var resolved = identity
        resolved.currency =
            requested ?? session?.defaultCurrency.flatMap(CurrencyHeader.canonical) ?? CurrencyHeader.fallback
        context.identity = resolved
        context.route = route
        var response = try await next(request, context)
        if let tightest, !response.headers.contains("RateLimit-Limit") {
            Self.addHeaders(tightest, to: &response.headers)
        }
        return response
    }

    private static let internalPrefix = Array("/api/v1/internal".utf8)
    private static let authPrefix = Array("/api/v1/auth".utf8)

    /// `path` is `prefix` or continues it with `/`.
    private static func hasPrefix(_ path: Substring.UTF8View, _ prefix: [UInt8]) -> Bool {
        guard path.starts(with: prefix) else { return false }
        let rest = path.dropFirst(prefix.count)
        return rest.isEmpty || rest.first == UInt8(ascii: "/")
    }

    private static func check(
        _ limiter: RateLimiter,
        key: String,
        now: Int64,
        tightest: inout RateLimitDecision?
    ) throws(HTTPError) {
        let decision = limiter.take(key, now: now)
        guard decision.isAllowed else {
            var headers: HTTPFields = ["Retry-After": String(decision.retryAfterSeconds)]
            addHeaders(decision, to: &headers)
            throw HTTPError(
                .tooManyRequests,
                code: .rateLimited,
                message: "Too many requests, retry in \(decision.retryAfterSeconds) s",
                headers: headers
            )
        }
        if tightest.map({ decision.isTighter(than: $0) }) ?? true { tightest = decision }
    }

    private static func addHeaders(_ decision: RateLimitDecision, to headers: inout HTTPFields) {
        headers.add("RateLimit-Limit", String(decision.limit))
        headers.add("RateLimit-Remaining", String(decision.remaining))
        headers.add("RateLimit-Reset", String(decision.resetSeconds))
    }
}
