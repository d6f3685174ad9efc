package import HTTPCore
package import HTTPRouter

/// Adds the browser-facing security headers to every gateway response, errors and preflights included:
/// `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY`, `Referrer-Policy: no-referrer`,
/// `Cache-Control: no-store` on sign-in, `/me` and `/settings` answers (tokens and personal data), and
/// `Strict-Transport-Security` when configured. A request with `Origin` also gets `Vary: Origin` (CORS
/// answers differ by origin, allowed or not).
///
/// Add it at router level before ``CORSMiddleware``. Bodies the HTTP server refuses before routing (413
/// for an oversized body, 400 for a malformed request) do not pass here.
package struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    private let hsts: Bool

    /// Creates the middleware; `hsts` adds `Strict-Transport-Security: max-age=63072000; includeSubDomains`.
    package init(hsts: Bool) { self.hsts = hsts }

    package func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        var response = try await next(request, context)
        response.headers.set("X-Content-Type-Options", to: "nosniff")
        response.headers.set("X-Frame-Options", to: "DENY")
        response.headers.set("Referrer-Policy", to: "no-referrer")
        if hsts { response.headers.set("Strict-Transport-Security", to: "max-age=63072000; includeSubDomains") }
        if Self.isPrivate(request.path.utf8) { response.headers.set("Cache-Control", to: "no-store") }
        if request.headers.contains("Origin"),
            !response.headers.values(for: "Vary").contains(where: { $0.lowercased().contains("origin") })
        {
            response.headers.add("Vary", "Origin")
        }
        return response
    }

    /// Sign-in, the caller and settings: answers that carry tokens or personal data.
    static func isPrivate(_ path: Substring.UTF8View) -> Bool {
        PrivatePaths.prefixes.contains { prefix in
            guard path.starts(with: prefix) else { return false }
            let rest = path.dropFirst(prefix.count)
            return rest.isEmpty || rest.first == UInt8(ascii: "/")
        }
    }
}

private enum PrivatePaths {
    static let prefixes = ["/api/v1/auth", "/api/v1/me", "/api/v1/settings"].map { Array($0.utf8) }
}
