package import HTTPCore

/// Answers CORS preflight requests and adds CORS headers to responses for allowed origins.
///
/// A preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) from an allowed origin is
/// answered 204 here, without reaching the routes. Other requests from an allowed origin get
/// `Access-Control-Allow-Origin` (plus `Vary: Origin`, exposed headers and credentials as configured) on
/// whatever response they produce, errors included. Requests from other origins pass through untouched,
/// so the browser blocks them. Add it at router level, first, so it also sees 404 and 405 answers.
package struct CORSMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Which origins may call the API from a browser.
    package enum AllowedOrigins: Sendable {
        /// Any origin (`*`, or the caller's origin echoed when credentials are allowed).
        case any
        /// Exactly these origins, such as `https://app.paylinks.ro` (scheme, host and port, no path).
        case only(Set<String>)
    }

    private let allowedOrigins: AllowedOrigins
    private let allowMethods: String
    private let allowHeaders: String
    private let exposeHeaders: String
    private let allowCredentials: Bool
    private let maxAge: String?

    /// Creates the middleware.
    ///
    /// - Parameters:
    ///   - allowedOrigins: The origins allowed.
    ///   - allowedMethods: Methods announced in preflights; the common REST methods by default.
    ///   - allowedHeaders: Request headers announced in preflights; by default those the API uses.
    ///   - exposedHeaders: Response headers scripts may read; `X-Request-Id` and `Retry-After` by default.
    ///   - allowCredentials: Whether cookies and HTTP auth may be sent; `false` by default (the API uses bearer
    ///     tokens).
    ///   - maxAge: How long browsers may cache a preflight; 10 minutes by default, `nil` to omit.
    package init(
        allowedOrigins: AllowedOrigins,
        allowedMethods: [HTTPMethod] = [.get, .head, .post, .put, .patch, .delete, .options],
        allowedHeaders: [String] = ["Authorization", "Content-Type", "Idempotency-Key", "X-Currency", "X-Request-Id"],
        exposedHeaders: [String] = ["Retry-After", "X-Request-Id"],
        allowCredentials: Bool = false,
        maxAge: Duration? = .seconds(600)
    ) {
        self.allowedOrigins = allowedOrigins
        self.allowMethods = allowedMethods.map(\.rawValue).joined(separator: ", ")
        self.allowHeaders = allowedHeaders.joined(separator: ", ")
        self.exposeHeaders = exposedHeaders.joined(separator: ", ")
        self.allowCredentials = allowCredentials
        self.maxAge = maxAge.map { String($0.components.seconds) }
    }

    package func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        guard let origin = request.headers["Origin"], let allowOrigin = allowOriginValue(for: origin) else {
            return try await next(request, context)
        }
        if request.method == .options, request.headers.contains("Access-Control-Request-Method") {
            var headers: HTTPFields = [
                "Access-Control-Allow-Methods": allowMethods,
                "Access-Control-Allow-Headers": allowHeaders,
            ]
            if let maxAge { headers.add("Access-Control-Max-Age", maxAge) }
            var response = HTTPResponse(status: .noContent, headers: headers)
            addOriginHeaders(allowOrigin, to: &response, preflight: true)
            return response
        }
        var response = try await next(request, context)
        addOriginHeaders(allowOrigin, to: &response, preflight: false)
        return response
    }

    /// The `Access-Control-Allow-Origin` value for `origin`, or `nil` when it is not allowed.
    private func allowOriginValue(for origin: String) -> String? {
        switch allowedOrigins {
        case .any: allowCredentials ? origin : "*"
        case .only(let origins): origins.contains(origin) ? origin : nil
        }
    }

    private func addOriginHeaders(_ allowOrigin: String, to response: inout HTTPResponse, preflight: Bool) {
        response.headers.set("Access-Control-Allow-Origin", to: allowOrigin)
        if allowOrigin != "*" { response.headers.add("Vary", "Origin") }
        if allowCredentials { response.headers.set("Access-Control-Allow-Credentials", to: "true") }
        if !preflight && !exposeHeaders.isEmpty {
            response.headers.set("Access-Control-Expose-Headers", to: exposeHeaders)
        }
    }
}
