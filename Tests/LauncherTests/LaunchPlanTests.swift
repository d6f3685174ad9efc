import Launcher
import Testing

@Suite struct LaunchPlanTests {
    private let plan = LaunchPlan(
        ports: [.gateway: 9080, .auth: 9081, .catalog: 9082, .payments: 9083, .messaging: 9084],
        databaseURLs: [
            .auth: "postgres://auth:a@127.0.0.1:5432/paylinks",
            .catalog: "postgres://catalog:c@127.0.0.1:5432/paylinks",
            .payments: "postgres://payments:p@127.0.0.1:5432/paylinks",
            .messaging: "postgres://messaging:m@127.0.0.1:5432/paylinks",
        ],
        internalKey: String(repeating: "k", count: 64),
        jwtSecret: String(repeating: "j", count: 64),
        executableDirectory: "/opt/paylinks/bin",
        dataDirectory: "/srv/data"
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

    @Test func childrenStartBackendsFirstAndTheGatewayLastFromTheExecutableDirectory() {
        let specifications = plan.specifications(base: [:])
        #expect(specifications.map(\.name) == ["auth", "catalog", "payments", "messaging", "gateway"])
        #expect(specifications.map(\.executable).allSatisfy { $0.hasPrefix("/opt/paylinks/bin/") })
        #expect(specifications.last?.executable == "/opt/paylinks/bin/gateway")
        #expect(specifications.allSatisfy { $0.arguments.isEmpty })
    }

    @Test func theBannerListsEveryURLAndHowToStop() {
        let banner = plan.banner(dataDirectory: "/srv/data", database: "local cluster on 127.0.0.1:54329")
        for expected in [
            "http://127.0.0.1:9080/healthz", "http://127.0.0.1:9080/readyz", "http://127.0.0.1:9080/metrics",
            "http://127.0.0.1:9081", "(port 9084)", "/srv/data", "127.0.0.1:54329", "Ctrl-C stops everything",
        ] {
            #expect(banner.contains(expected), "missing \(expected)")
        }
        #expect(!banner.contains(String(repeating: "k", count: 64)))
        #expect(banner.contains("/srv/data/mailbox") && banner.contains("paylinks mail"))
        let smtp = plan.banner(dataDirectory: "/srv/data", database: "x", smtpConfigured: true)
        #expect(!smtp.contains("/srv/data/mailbox") && smtp.contains("SMTP"))
    }
}
