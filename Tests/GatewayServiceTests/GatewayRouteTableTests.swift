import GatewayService
import Testing

@Suite struct GatewayRouteTableTests {
    @Test(arguments: [
        ("/api/v1/auth/request", UpstreamService.auth),
        ("/api/v1/auth/google/callback", .auth),
        ("/api/v1/me", .auth),
        ("/api/v1/me/onboarding", .auth),
        ("/api/v1/settings/me", .auth),
        ("/api/v1/settings/me/name", .auth),
        ("/api/v1/paylinks", .catalog),
        ("/api/v1/paylinks/", .catalog),
        ("/api/v1/paylinks/0193a1b2-0000-7000-8000-000000000001", .catalog),
        ("/api/v1/paylinks/ai-draft", .catalog),
        ("/api/v1/paylinks/public", .catalog),
        ("/api/v1/paylinks/public/premium-course", .catalog),
        ("/api/v1/uploads/presign", .catalog),
        ("/api/v1/ping", .catalog),
        ("/api/v1/paylinks/public/premium-course/payment-intents", .payments),
        ("/api/v1/paylinks/public/premium-course/subscriptions", .payments),
        ("/api/v1/paylinks/public/premium-course/leads", .payments),
        ("/api/v1/transactions", .payments),
        ("/api/v1/transactions/tx-1/refund", .payments),
        ("/api/v1/customers", .payments),
        ("/api/v1/analytics/summary", .payments),
        ("/api/v1/stripe/pk", .payments),
        ("/api/v1/disputes/disp-1/evidence", .payments),
        ("/api/v1/subscriptions", .payments),
        ("/api/v1/purchases/presign", .payments),
        ("/webhooks/stripe", .payments),
        ("/api/v1/email/broadcasts", .messaging),
    ])
    func routesEachDocumentedPathToItsOwner(path: String, owner: UpstreamService) {
        #expect(GatewayRouteTable.standard.service(for: path[...]) == owner)
    }

    @Test(arguments: [
        "/", "/api", "/api/v1", "/api/v1/", "/api/v1/unknown", "/api/v2/paylinks", "/api/v1/auth",
        "/api/v1//paylinks", "/api/v1/paylinks/../auth/request", "/api/v1/paylinks/./x", "/webhooks/stripe/extra",
        "/webhooks", "api/v1/paylinks", "/API/V1/PAYLINKS", "/api/v1/mex",
    ])
    func unknownOrSuspiciousPathsMatchNothing(path: String) {
        #expect(GatewayRouteTable.standard.service(for: path[...]) == nil)
    }

    @Test func theMostSpecificPatternWinsRegardlessOfOrder() {
        let table = GatewayRouteTable([
            .init("/a/**", .catalog), .init("/a/*/c", .payments), .init("/a/b/c", .auth), .init("/a/*", .messaging),
        ])
        #expect(table.service(for: "/a/b/c") == .auth)
        #expect(table.service(for: "/a/x/c") == .payments)
        #expect(table.service(for: "/a/x") == .messaging)
        #expect(table.service(for: "/a/x/y") == .catalog)
        #expect(table.service(for: "/a") == nil)
    }
}

@Suite struct GatewayRouteAccessTests {
    @Test(arguments: [
        "/api/v1/auth/request", "/api/v1/auth/verify", "/api/v1/auth/google/start", "/api/v1/auth/google/callback",
        "/api/v1/auth/google/onetap", "/api/v1/auth/api/signup", "/api/v1/auth/api/token", "/api/v1/paylinks/public",
        "/api/v1/paylinks/public/premium-course", "/api/v1/paylinks/public/premium-course/payment-intents",
        "/api/v1/paylinks/public/premium-course/payment-intents/pi_1/confirm",
        "/api/v1/paylinks/public/premium-course/subscriptions", "/api/v1/paylinks/public/premium-course/leads",
        "/api/v1/stripe/pk", "/webhooks/stripe", "/api/v1/ping",
    ])
    func publicPaths(path: String) throws {
        let entry = try #require(GatewayRouteTable.standard.match(path[...]))
        #expect(entry.isPublic)
    }

    @Test(arguments: [
        "/api/v1/auth/logout-all", "/api/v1/auth/api-keys", "/api/v1/auth/api-keys/plk_1", "/api/v1/auth/request/x",
        "/api/v1/me", "/api/v1/me/onboarding", "/api/v1/settings/me", "/api/v1/paylinks", "/api/v1/paylinks/abc",
        "/api/v1/paylinks/ai-draft", "/api/v1/uploads/presign", "/api/v1/transactions", "/api/v1/customers",
        "/api/v1/analytics/summary", "/api/v1/stripe/connect", "/api/v1/disputes", "/api/v1/subscriptions",
        "/api/v1/purchases", "/api/v1/email/broadcasts",
    ])
    func protectedPaths(path: String) throws {
        let entry = try #require(GatewayRouteTable.standard.match(path[...]))
        #expect(!entry.isPublic)
    }
}
