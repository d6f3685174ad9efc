import GatewayService
import HTTPCore
import ServiceIdentity
import TestSupport
import Testing

/// The edge rules of the gateway (DESIGN §4, §6) over real HTTP: X-Currency, route protection, internal
/// paths, rate limits, client IPs behind proxies, CORS, security headers and body limits.
@Suite struct GatewayEdgeTests {
    private static let invalidCurrency =
        #"{"error":{"message":"X-Currency must be RON, EUR or GBP","code":"INVALID_CURRENCY"}}"#

    @Test func xCurrencyIsResolvedAndAssertedOrRefused() async throws {
        try await GatewayHarness.with { gateway in
            gateway.auth.set(Session(userId: "u-gbp", tokenVersion: 0, role: "USER", defaultCurrency: "GBP"))
            gateway.auth.set(Session(userId: "u-none", tokenVersion: 0, role: "USER", defaultCurrency: nil))
            let cases: [(headers: [(String, String)], user: String?, expected: String, label: String)] = [
                ([], nil, "RON", "absent, anonymous"),
                ([("X-Currency", "EUR")], nil, "EUR", "EUR"),
                ([("X-Currency", "gbp")], nil, "GBP", "lower case"),
                ([("X-Currency", "RoN")], nil, "RON", "mixed case"),
                ([], "u-gbp", "GBP", "absent, user default"),
                ([("X-Currency", "eur")], "u-gbp", "EUR", "header beats the user default"),
                ([], "u-none", "RON", "absent, no user default"),
            ]
            for (headers, user, expected, label) in cases {
                var all = headers
                if let user { all.append(try GatewayHarness.bearer(user)) }
                let response = try await gateway.send("GET", "/api/v1/paylinks/public/x", headers: all)
                #expect(response.status == 200, "\(label)")
                let assertion = try GatewayHarness.assertion(response, audience: "catalog")
                #expect(assertion.identity.currency == expected, "\(label)")
                #expect(assertion.identity.userID == user, "\(label)")
                #expect(response.header("X-Seen-X-Currency") == expected, "\(label)")
            }
            let hits = gateway.catalog.hitCount
            let invalid: [[(String, String)]] = [
                [("X-Currency", "USD")], [("X-Currency", "")], [("X-Currency", "EURO")], [("X-Currency", "E U")],
                [("X-Currency", "EUR"), ("X-Currency", "EUR")], [("X-Currency", "EUR,GBP")],
            ]
            for headers in invalid {
                for target in ["/api/v1/paylinks/public/x", "/api/v1/paylinks", "/api/v1/auth/request"] {
                    let response = try await gateway.send(
                        "GET",
                        target,
                        headers: headers + [try GatewayHarness.bearer("u-gbp")]
                    )
                    #expect(response.status == 400, "\(headers) \(target)")
                    #expect(response.bodyText == Self.invalidCurrency, "\(headers) \(target)")
                }
            }
            #expect(gateway.catalog.hitCount == hits)
            #expect(gateway.auth.echo.hitCount == 0)
        }
    }

    @Test func protectedRoutesRefuseAnonymousCallersBeforeForwarding() async throws {
        try await GatewayHarness.with { gateway in
            for target in [
                "/api/v1/transactions", "/api/v1/paylinks", "/api/v1/me", "/api/v1/settings/me",
                "/api/v1/auth/logout-all", "/api/v1/auth/keys", "/api/v1/email/broadcasts", "/api/v1/stripe/connect",
            ] {
                let response = try await gateway.send("GET", target)
                #expect(response.status == 401, "\(target)")
                #expect(response.bodyText == #"{"error":{"message":"Unauthorized","code":"UNAUTHORIZED"}}"#)
                #expect(response.header("WWW-Authenticate") == "Bearer")
            }
            #expect(gateway.payments.hitCount == 0)
            #expect(gateway.catalog.hitCount == 0)
            #expect(gateway.auth.echo.hitCount == 0)
            for (target, upstream) in [
                ("/api/v1/auth/request", gateway.auth.echo), ("/api/v1/auth/verify?token=x", gateway.auth.echo),
                ("/api/v1/auth/google/start", gateway.auth.echo), ("/api/v1/auth/api/token", gateway.auth.echo),
                ("/api/v1/paylinks/public", gateway.catalog), ("/api/v1/ping", gateway.catalog),
                ("/api/v1/paylinks/public/s/payment-intents", gateway.payments),
                ("/api/v1/stripe/pk", gateway.payments), ("/webhooks/stripe", gateway.payments),
            ] {
                let before = upstream.hitCount
                let response = try await gateway.send("POST", target)
                #expect(response.status == 200, "\(target)")
                #expect(upstream.hitCount == before + 1, "\(target)")
            }
        }
    }

    @Test func internalPathsAre404FromOutside() async throws {
        try await GatewayHarness.with { gateway in
            gateway.auth.set(Session(userId: "u3", tokenVersion: 0, role: "USER", defaultCurrency: nil))
            let lookupsBefore = gateway.auth.lookups(of: "u3")
            for target in [
                "/api/v1/internal/x", "/api/v1/internal", "/api/v1/internal/sessions/u3",
                "/api/v1/internal/emails?x=1",
            ] {
                for headers in [[], [try GatewayHarness.bearer("u3")]] {
                    let response = try await gateway.send("GET", target, headers: headers)
                    #expect(response.status == 404, "\(target)")
                    #expect(response.bodyText == #"{"error":{"message":"Not found","code":"NOT_FOUND"}}"#)
                }
            }
            #expect(gateway.auth.echo.hitCount == 0)
            #expect(gateway.auth.lookups(of: "u3") == lookupsBefore)
        }
    }

    /// Through the gateway with a slow refill (one token per 15 s), so the counts do not depend on how fast the
    /// machine is; the refill itself is timed with an injected clock in ``RateLimiterTests``.
    @Test func perIPBucketsLimitBurstsWithHeaders() async throws {
        try await GatewayHarness.with(
            rateLimits: .init(perIP: RateLimitPolicy(capacity: 4, period: .seconds(60)), perUser: nil, authPerIP: nil),
            trustedProxies: try #require(TrustedProxies(["127.0.0.1"]))
        ) { gateway in
            let clientA = ("X-Forwarded-For", "203.0.113.1")
            for expectedRemaining in [3, 2, 1, 0] {
                let response = try await gateway.send("GET", "/api/v1/ping", headers: [clientA])
                #expect(response.status == 200)
                #expect(response.header("RateLimit-Limit") == "4")
                #expect(response.header("RateLimit-Remaining") == String(expectedRemaining))
                #expect(Int(response.header("RateLimit-Reset") ?? "") ?? -1 >= 1)
            }
            let hits = gateway.catalog.hitCount
            let limited = try await gateway.send("GET", "/api/v1/ping", headers: [clientA])
            #expect(limited.status == 429)
            let retryAfter = try #require(Int(limited.header("Retry-After") ?? ""))
            #expect((14...15).contains(retryAfter), "one token per 15 s: \(retryAfter)")
            #expect(limited.header("RateLimit-Limit") == "4")
            #expect(limited.header("RateLimit-Remaining") == "0")
            #expect((59...60).contains(Int(limited.header("RateLimit-Reset") ?? "") ?? 0))
            #expect(
                limited.bodyText
                    == #"{"error":{"message":"Too many requests, retry in \#(retryAfter) s","code":"RATE_LIMITED"}}"#
            )
            #expect(gateway.catalog.hitCount == hits)

            // Another client IP has its own bucket.
            let other = try await gateway.send("GET", "/api/v1/ping", headers: [("X-Forwarded-For", "203.0.113.2")])
            #expect(other.status == 200)
            #expect(other.header("RateLimit-Remaining") == "3")
        }
    }

    @Test func perUserAndAuthBucketsAreSeparate() async throws {
        try await GatewayHarness.with(
            rateLimits: .init(
                perIP: nil,
                perUser: RateLimitPolicy(capacity: 3, period: .seconds(60)),
                authPerIP: RateLimitPolicy(capacity: 2, period: .seconds(60))
            )
        ) { gateway in
            gateway.auth.set(Session(userId: "ua", tokenVersion: 0, role: "USER", defaultCurrency: nil))
            gateway.auth.set(Session(userId: "ub", tokenVersion: 0, role: "USER", defaultCurrency: nil))
            let userA = try GatewayHarness.bearer("ua")
            for _ in 0..<3 {
                #expect(try await gateway.send("GET", "/api/v1/paylinks", headers: [userA]).status == 200)
            }
            let limited = try await gateway.send("GET", "/api/v1/paylinks", headers: [userA])
            #expect(limited.status == 429)
            #expect((15...20).contains(Int(limited.header("Retry-After") ?? "") ?? 0), "one token per 20 s")
            #expect(
                try await gateway.send("GET", "/api/v1/paylinks", headers: [try GatewayHarness.bearer("ub")]).status
                    == 200
            )
            #expect(try await gateway.send("GET", "/api/v1/ping").status == 200)  // anonymous: no user bucket

            for _ in 0..<2 { #expect(try await gateway.send("POST", "/api/v1/auth/request").status == 200) }
            let auth = try await gateway.send("POST", "/api/v1/auth/request")
            #expect(auth.status == 429)
            #expect(auth.header("RateLimit-Limit") == "2")
            #expect(try await gateway.send("GET", "/api/v1/ping").status == 200)  // only /auth/** is this strict
        }
        // A service's own limit (auth's per-email one) reaches the client with its headers.
        try await GatewayHarness.with { gateway in
            gateway.auth.set(Session(userId: "uc", tokenVersion: 0, role: "USER", defaultCurrency: nil))
            let relayed = try await gateway.send(
                "POST",
                "/api/v1/auth/request/limited",
                headers: [try GatewayHarness.bearer("uc")]
            )
            #expect(relayed.status == 429)
            #expect(relayed.header("Retry-After") == "42")
            #expect(relayed.headers.values(for: "RateLimit-Limit") == ["5"])
        }
    }

    @Test func theClientIPComesFromTrustedProxiesOnly() async throws {
        try await GatewayHarness.with { gateway in
            let spoofed = try await gateway.send("GET", "/api/v1/ping", headers: [("X-Forwarded-For", "6.6.6.6")])
            #expect(spoofed.header("X-Seen-X-Forwarded-For") == "127.0.0.1")
        }
        try await GatewayHarness.with(trustedProxies: try #require(TrustedProxies(["127.0.0.1"]))) { gateway in
            let response = try await gateway.send(
                "GET",
                "/api/v1/ping",
                headers: [("X-Forwarded-For", "6.6.6.6, 198.51.100.7")]
            )
            #expect(response.header("X-Seen-X-Forwarded-For") == "198.51.100.7")
        }
        let proxies = try #require(TrustedProxies(["127.0.0.0/8", "10.0.0.0/8"]))
        try await GatewayHarness.with(trustedProxies: proxies) { gateway in
            let response = try await gateway.send(
                "GET",
                "/api/v1/ping",
                headers: [("X-Forwarded-For", "198.51.100.7"), ("X-Forwarded-For", "10.1.2.3")]
            )
            #expect(response.header("X-Seen-X-Forwarded-For") == "198.51.100.7")
        }
    }

    @Test func corsPreflightsAndOriginsFollowTheAllowList() async throws {
        try await GatewayHarness.with(corsOrigins: ["https://app.paylinks.ro"]) { gateway in
            let preflight = try await gateway.send(
                "OPTIONS",
                "/api/v1/paylinks",
                headers: [
                    ("Origin", "https://app.paylinks.ro"), ("Access-Control-Request-Method", "POST"),
                    ("Access-Control-Request-Headers", "authorization, x-currency"),
                ]
            )
            #expect(preflight.status == 204)
            #expect(preflight.header("Access-Control-Allow-Origin") == "https://app.paylinks.ro")
            let allowed = preflight.header("Access-Control-Allow-Headers") ?? ""
            for header in ["Authorization", "Content-Type", "X-Currency", "Idempotency-Key"] {
                #expect(allowed.contains(header), "\(header)")
            }
            #expect(preflight.header("Access-Control-Allow-Methods")?.contains("PATCH") == true)
            #expect(preflight.header("Access-Control-Max-Age") == "600")
            #expect(preflight.headers.values(for: "Vary").contains("Origin"))
            #expect(gateway.catalog.hitCount == 0)

            let denied = try await gateway.send(
                "OPTIONS",
                "/api/v1/paylinks",
                headers: [("Origin", "https://evil.example"), ("Access-Control-Request-Method", "POST")]
            )
            #expect(denied.header("Access-Control-Allow-Origin") == nil)
            #expect(denied.headers.values(for: "Vary").contains("Origin"))

            let simple = try await gateway.send(
                "GET",
                "/api/v1/ping",
                headers: [("Origin", "https://app.paylinks.ro")]
            )
            #expect(simple.header("Access-Control-Allow-Origin") == "https://app.paylinks.ro")
            #expect(simple.header("Access-Control-Expose-Headers")?.contains("RateLimit-Remaining") == true)
            let foreign = try await gateway.send("GET", "/api/v1/ping", headers: [("Origin", "https://evil.example")])
            #expect(foreign.header("Access-Control-Allow-Origin") == nil)
        }
    }

    @Test func securityHeadersAreOnEveryResponse() async throws {
        try await GatewayHarness.with { gateway in
            gateway.auth.set(Session(userId: "u4", tokenVersion: 0, role: "USER", defaultCurrency: nil))
            let bearer = try GatewayHarness.bearer("u4")
            let cases: [(String, [(String, String)], Int, Bool)] = [
                ("/api/v1/ping", [], 200, false),
                ("/api/v1/me", [bearer], 200, true),
                ("/api/v1/settings/me", [bearer], 200, true),
                ("/api/v1/auth/request", [], 200, true),
                ("/api/v1/me", [], 401, true),
                ("/api/v1/nothing", [], 404, false),
                ("/elsewhere", [], 404, false),
                ("/healthz", [], 200, false),
            ]
            for (target, headers, status, noStore) in cases {
                let response = try await gateway.send("GET", target, headers: headers)
                #expect(response.status == status, "\(target)")
                #expect(response.header("X-Content-Type-Options") == "nosniff", "\(target)")
                #expect(response.header("X-Frame-Options") == "DENY", "\(target)")
                #expect(response.header("Referrer-Policy") == "no-referrer", "\(target)")
                #expect((response.header("Cache-Control") == "no-store") == noStore, "\(target)")
                #expect(response.header("Strict-Transport-Security") == nil, "\(target)")
            }
        }
        try await GatewayHarness.with(hsts: true) { gateway in
            let response = try await gateway.send("GET", "/api/v1/ping")
            #expect(response.header("Strict-Transport-Security") == "max-age=63072000; includeSubDomains")
        }
    }

    @Test func authBodiesOver16KiBAre413AtTheGateway() async throws {
        try await GatewayHarness.with { gateway in
            gateway.auth.set(Session(userId: "u5", tokenVersion: 0, role: "USER", defaultCurrency: nil))
            let limit = GatewayService.authBodyLimit
            #expect(limit == 16 * 1024)
            let json = [("Content-Type", "application/json")]
            let fits = try await gateway.send(
                "POST",
                "/api/v1/auth/request",
                headers: json,
                body: Array(repeating: 0x20, count: limit)
            )
            #expect(fits.status == 200)
            #expect(fits.body.count == limit)
            let hits = gateway.auth.echo.hitCount
            let tooLarge = try await gateway.send(
                "POST",
                "/api/v1/auth/request",
                headers: json,
                body: Array(repeating: 0x20, count: limit + 1)
            )
            #expect(tooLarge.status == 413)
            #expect(tooLarge.bodyText.contains(#""code":"CONTENT_TOO_LARGE""#))
            #expect(gateway.auth.echo.hitCount == hits)
            // Other routes keep the server's limit.
            let link = try await gateway.send(
                "POST",
                "/api/v1/paylinks",
                headers: json + [try GatewayHarness.bearer("u5")],
                body: Array(repeating: 0x20, count: limit + 1)
            )
            #expect(link.status == 200)
        }
    }
}
