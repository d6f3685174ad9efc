import Launcher
import Testing

@Suite struct LaunchPlanTests {
    private static let webhookSecret = "whsec_" + String(repeating: "w", count: 64)

    private let plan = LaunchPlan(
        ports: [.gateway: 9080, .auth: 9081, .catalog: 9082, .payments: 9083, .messaging: 9084, .stripeSandbox: 9111],
        databaseURLs: [
            .auth: "postgres://auth:a@127.0.0.1:5432/paylinks",
            .catalog: "postgres://catalog:c@127.0.0.1:5432/paylinks",
            .payments: "postgres://payments:p@127.0.0.1:5432/paylinks",
            .messaging: "postgres://messaging:m@127.0.0.1:5432/paylinks",
            .stripeSandbox: "postgres://stripe_sandbox:s@127.0.0.1:5432/paylinks",
        ],
        internalKey: String(repeating: "k", count: 64),
        jwtSecret: String(repeating: "j", count: 64),
        executableDirectory: "/opt/paylinks/bin",
        dataDirectory: "/srv/data",
        stripe: .sandbox(
            secretKey: "sk_test_paylinks_sandbox",
            publishableKey: "pk_test_paylinks_sandbox",
            webhookSecret: webhookSecret
        )
    )

    /// The same platform with `PAYMENTS_STRIPE_API_BASE` set: no sandbox.
    private let externalPlan = LaunchPlan(
        ports: [.gateway: 9080, .auth: 9081, .catalog: 9082, .payments: 9083, .messaging: 9084],
        databaseURLs: [.payments: "postgres://payments:p@127.0.0.1:5432/paylinks"],
        internalKey: String(repeating: "k", count: 64),
        jwtSecret: String(repeating: "j", count: 64),
        executableDirectory: "/opt/paylinks/bin",
        dataDirectory: "/srv/data",
        stripe: .external(apiBase: "https://api.stripe.com")
    )

    @Test func aBackendGetsItsAddressDatabaseAndTheSharedSecrets() {
        let environment = plan.environment(for: .catalog, base: ["PATH": "/usr/bin", "CATALOG_HTTP_PORT": "1"])
        #expect(environment["PATH"] == "/usr/bin")
        #expect(environment["CATALOG_HTTP_HOST"] == "127.0.0.1")
        #expect(environment["CATALOG_HTTP_PORT"] == "9082")
        #expect(environment["CATALOG_DATABASE_URL"] == "postgres://catalog:c@127.0.0.1:5432/paylinks")
        #expect(environment["PAYLINKS_INTERNAL_KEY"] == String(repeating: "k", count: 64))
        #expect(environment["PAYLINKS_JWT_SECRET"] == String(repeating: "j", count: 64))
        #expect(environment["AUTH_DATABASE_URL"] == nil)
        #expect(environment.keys.contains { $0.hasPrefix("GATEWAY_") } == false)
        #expect(environment["CATALOG_UPSTREAM_PAYMENTS_URL"] == "http://127.0.0.1:9083")
        #expect(environment["CATALOG_UPSTREAM_CATALOG_URL"] == nil, "no client for itself")
    }

    @Test func servicesGetTheirPeersAndLocalDevelopmentDefaultsThatTheEnvironmentOverrides() {
        let auth = plan.environment(for: .auth, base: [:])
        #expect(auth["AUTH_UPSTREAM_MESSAGING_URL"] == "http://127.0.0.1:9084")
        #expect(auth["AUTH_PUBLIC_URL"] == "http://localhost:9080")
        #expect(auth["AUTH_ALLOWED_REDIRECT_ORIGINS"] == "http://localhost:9080,http://127.0.0.1:9080")
        let catalog = plan.environment(for: .catalog, base: [:])
        #expect(catalog["CATALOG_PUBLIC_URL"] == "http://localhost:9080")
        #expect(catalog["CATALOG_UPLOAD_DIR"] == "/srv/data/uploads")
        let messaging = plan.environment(for: .messaging, base: [:])
        #expect(messaging["MESSAGING_DEV_MAILBOX_DIR"] == "/srv/data/mailbox")
        let configured = plan.environment(
            for: .messaging,
            base: ["MESSAGING_DEV_MAILBOX_DIR": "/var/mail/dev", "AUTH_PUBLIC_URL": "https://pay.example"]
        )
        #expect(configured["MESSAGING_DEV_MAILBOX_DIR"] == "/var/mail/dev")
        #expect(
            plan.environment(for: .auth, base: ["AUTH_PUBLIC_URL": "https://pay.example"])["AUTH_PUBLIC_URL"]
                == "https://pay.example"
        )
        #expect(plan.environment(for: .gateway, base: [:])["GATEWAY_CORS_ORIGINS"]?.contains("localhost:9080") == true)
    }

    @Test func theGatewayGetsEveryUpstreamAndNoDatabase() {
        let environment = plan.environment(for: .gateway, base: [:])
        #expect(environment["GATEWAY_HTTP_PORT"] == "9080")
        #expect(environment["GATEWAY_UPSTREAM_AUTH_URL"] == "http://127.0.0.1:9081")
        #expect(environment["GATEWAY_UPSTREAM_CATALOG_URL"] == "http://127.0.0.1:9082")
        #expect(environment["GATEWAY_UPSTREAM_PAYMENTS_URL"] == "http://127.0.0.1:9083")
        #expect(environment["GATEWAY_UPSTREAM_MESSAGING_URL"] == "http://127.0.0.1:9084")
        #expect(environment["GATEWAY_DATABASE_URL"] == nil)
        #expect(environment["PAYLINKS_JWT_SECRET"] == String(repeating: "j", count: 64))
    }

    @Test func childrenStartTheSandboxThenBackendsAndTheGatewayLastFromTheExecutableDirectory() {
        let specifications = plan.specifications(base: [:])
        #expect(
            specifications.map(\.name) == ["stripe-sandbox", "auth", "catalog", "payments", "messaging", "gateway"]
        )
        #expect(specifications.first?.executable == "/opt/paylinks/bin/stripe-sandbox")
        #expect(specifications.map(\.executable).allSatisfy { $0.hasPrefix("/opt/paylinks/bin/") })
        #expect(specifications.last?.executable == "/opt/paylinks/bin/gateway")
        #expect(specifications.allSatisfy { $0.arguments.isEmpty })
        #expect(PlatformComponent.startOrder == [.stripeSandbox, .auth, .catalog, .payments, .messaging, .gateway])
        #expect(!PlatformComponent.backends.contains(.stripeSandbox))
    }

    @Test func theSandboxGetsItsPortDatabaseAndWebhookTargetButNoPlatformSecrets() {
        let environment = plan.environment(for: .stripeSandbox, base: ["PATH": "/usr/bin"])
        #expect(environment["PATH"] == "/usr/bin")
        #expect(environment["STRIPE_SANDBOX_HTTP_HOST"] == "127.0.0.1")
        #expect(environment["STRIPE_SANDBOX_HTTP_PORT"] == "9111")
        #expect(environment["STRIPE_SANDBOX_DATABASE_URL"] == "postgres://stripe_sandbox:s@127.0.0.1:5432/paylinks")
        #expect(environment["STRIPE_SANDBOX_PUBLIC_URL"] == "http://localhost:9111")
        #expect(environment["STRIPE_SANDBOX_WEBHOOK_URL"] == "http://localhost:9080/webhooks/stripe")
        #expect(environment["STRIPE_SANDBOX_WEBHOOK_SECRET"] == Self.webhookSecret)
        #expect(environment["PAYLINKS_INTERNAL_KEY"] == nil, "not part of the platform's trust domain")
        #expect(environment["PAYLINKS_JWT_SECRET"] == nil)
        #expect(environment.keys.contains { $0.contains("_UPSTREAM_") } == false)
        let configured = plan.environment(
            for: .stripeSandbox,
            base: ["STRIPE_SANDBOX_PUBLIC_URL": "https://stripe.dev.example", "STRIPE_SANDBOX_WEBHOOK_URL": ""]
        )
        #expect(configured["STRIPE_SANDBOX_PUBLIC_URL"] == "https://stripe.dev.example")
        #expect(configured["STRIPE_SANDBOX_WEBHOOK_URL"] == "http://localhost:9080/webhooks/stripe", "empty = unset")
    }

    @Test func paymentsIsPointedAtTheSandboxUnlessItsSettingsAreSet() {
        let payments = plan.environment(for: .payments, base: [:])
        #expect(payments["PAYMENTS_STRIPE_API_BASE"] == "http://127.0.0.1:9111")
        #expect(payments["PAYMENTS_STRIPE_SECRET_KEY"] == "sk_test_paylinks_sandbox")
        #expect(payments["PAYMENTS_STRIPE_PUBLISHABLE_KEY"] == "pk_test_paylinks_sandbox")
        #expect(payments["PAYMENTS_STRIPE_WEBHOOK_SECRET"] == Self.webhookSecret)
        #expect(payments["PAYMENTS_UPSTREAM_STRIPE_SANDBOX_URL"] == nil)
        let configured = plan.environment(for: .payments, base: ["PAYMENTS_STRIPE_SECRET_KEY": "sk_test_other"])
        #expect(configured["PAYMENTS_STRIPE_SECRET_KEY"] == "sk_test_other")
        #expect(configured["PAYMENTS_STRIPE_API_BASE"] == "http://127.0.0.1:9111")
        for component in [PlatformComponent.auth, .catalog, .messaging, .gateway] {
            let environment = plan.environment(for: component, base: [:])
            #expect(environment.keys.contains { $0.contains("STRIPE") } == false, "\(component)")
        }
    }

    @Test func anExternalStripeStartsNoSandboxAndLeavesPaymentsSettingsAlone() {
        #expect(externalPlan.components == [.auth, .catalog, .payments, .messaging, .gateway])
        #expect(
            externalPlan.specifications(base: [:]).map(\.name) == [
                "auth", "catalog", "payments", "messaging", "gateway",
            ]
        )
        let base = ["PAYMENTS_STRIPE_API_BASE": "https://api.stripe.com", "PAYMENTS_STRIPE_SECRET_KEY": "sk_test_real"]
        let payments = externalPlan.environment(for: .payments, base: base)
        #expect(payments["PAYMENTS_STRIPE_API_BASE"] == "https://api.stripe.com")
        #expect(payments["PAYMENTS_STRIPE_SECRET_KEY"] == "sk_test_real")
        #expect(payments["PAYMENTS_STRIPE_WEBHOOK_SECRET"] == nil)
        #expect(payments["PAYMENTS_STRIPE_PUBLISHABLE_KEY"] == nil)
        let banner = externalPlan.banner(dataDirectory: "/srv/data", database: "x")
        #expect(banner.contains("stripe     https://api.stripe.com  (PAYMENTS_STRIPE_API_BASE; no sandbox started)"))
        #expect(!banner.contains("sk_test"))
    }

    @Test func theBannerListsEveryURLAndHowToStop() {
        let banner = plan.banner(dataDirectory: "/srv/data", database: "local cluster on 127.0.0.1:54329")
        for expected in [
            "http://127.0.0.1:9080/healthz", "http://127.0.0.1:9080/readyz", "http://127.0.0.1:9080/metrics",
            "http://127.0.0.1:9081", "(port 9084)", "/srv/data", "127.0.0.1:54329", "Ctrl-C stops everything",
            "stripe     http://127.0.0.1:9111  (Stripe sandbox: sk_test_paylinks_sandbox)",
        ] {
            #expect(banner.contains(expected), "missing \(expected)")
        }
        #expect(!banner.contains(String(repeating: "k", count: 64)))
        #expect(!banner.contains(Self.webhookSecret))
        var custom = plan
        custom.stripe = .sandbox(
            secretKey: "sk_test_mine_" + String(repeating: "x", count: 20),
            publishableKey: "pk",
            webhookSecret: "w"
        )
        let customBanner = custom.banner(dataDirectory: "/srv/data", database: "x")
        #expect(
            customBanner.contains("(Stripe sandbox: STRIPE_SANDBOX_SECRET_KEY)")
                && !customBanner.contains("sk_test_mine")
        )
        #expect(banner.contains("/srv/data/mailbox") && banner.contains("paylinks mail"))
        let smtp = plan.banner(dataDirectory: "/srv/data", database: "x", smtpConfigured: true)
        #expect(!smtp.contains("/srv/data/mailbox") && smtp.contains("SMTP"))
    }
}
