package import ConfigKit
import HTTPCore
package import HTTPRouter
package import LifecycleKit
import LogKit
import Postgres
package import ServiceRuntime

/// A group of resources (Connect, payments, billing, webhooks): its routes, due work and background services.
package struct SandboxFamily: Sendable {
    /// The family's name (logs).
    package var name: String
    /// Registers the family's routes and due work.
    package var register: @Sendable (SandboxRoutes) throws -> Void
    /// Background services the family runs (for example the webhook delivery worker).
    package var services: @Sendable (SandboxRoutes) -> [any Service]

    /// Creates a family.
    package init(
        name: String,
        register: @escaping @Sendable (SandboxRoutes) throws -> Void,
        services: @escaping @Sendable (SandboxRoutes) -> [any Service] = { _ in [] }
    ) {
        self.name = name
        self.register = register
        self.services = services
    }
}

extension SandboxConfig {
    /// Reads the settings from `STRIPE_SANDBOX_*` keys.
    ///
    /// | key | default |
    /// |---|---|
    /// | `STRIPE_SANDBOX_SECRET_KEY` | `sk_test_paylinks_sandbox` |
    /// | `STRIPE_SANDBOX_PUBLISHABLE_KEY` | `pk_test_paylinks_sandbox` |
    /// | `STRIPE_SANDBOX_PLATFORM_ACCOUNT` | `acct_1PayLinksSandbox0` |
    /// | `STRIPE_SANDBOX_PUBLIC_URL` | `http://` + each request's Host |
    /// | `STRIPE_SANDBOX_WEBHOOK_URL`, `_WEBHOOK_SECRET` | unset (no start-up endpoint) |
    /// | `STRIPE_SANDBOX_WEBHOOK_RETRY_BASE`, `_RETRY_CAP`, `_MAX_ATTEMPTS`, `_TIMEOUT` | 10s, 1h, 12, 10s |
    package static func read(_ reader: ConfigReader) throws(ConfigError) -> SandboxConfig {
        let root = reader.scoped("STRIPE_SANDBOX")
        let webhook = root.scoped("WEBHOOK")
        let settings = WebhookSettings(
            startupURL: webhook.optionalString("URL"),
            startupSecret: webhook.optionalString("SECRET", secret: true),
            retryBase: try webhook.duration("RETRY_BASE", default: .seconds(10)),
            retryCap: try webhook.duration("RETRY_CAP", default: .seconds(3600)),
            maxAttempts: try webhook.int("MAX_ATTEMPTS", default: 12, range: 1...100),
            timeout: try webhook.duration("TIMEOUT", default: .seconds(10))
        )
        let secretKey = root.string("SECRET_KEY", default: "sk_test_paylinks_sandbox", secret: true)
        guard secretKey.hasPrefix("sk_test_") else {
            throw ConfigError(key: "STRIPE_SANDBOX_SECRET_KEY", problem: "must start with sk_test_")
        }
        return SandboxConfig(
            secretKey: secretKey,
            publishableKey: root.string("PUBLISHABLE_KEY", default: "pk_test_paylinks_sandbox"),
            platformAccount: root.string("PLATFORM_ACCOUNT", default: "acct_1PayLinksSandbox0"),
            publicURL: root.optionalString("PUBLIC_URL"),
            webhooks: settings
        )
    }
}

/// Builds the sandbox application from families.
package enum SandboxApplication {
    /// The name: log label, configuration prefix `STRIPE_SANDBOX_`, schema.
    package static let name = "stripe_sandbox"
    /// The port it listens on unless `STRIPE_SANDBOX_HTTP_PORT` says otherwise (stripe-mock's).
    package static let defaultPort = 12111

    /// The routes, migrations and background services of a sandbox with these families.
    package static func make(
        _ environment: ServiceEnvironment,
        families: [SandboxFamily]
    ) throws -> ServiceApplication<BasicRequestContext> {
        let postgres = try environment.requirePostgres()
        let router = environment.makeRouter(context: BasicRequestContext.self)
        router.add(middleware: UnknownRouteMiddleware())
        let routes = SandboxRoutes(
            router: router,
            postgres: postgres,
            config: try SandboxConfig.read(environment.reader),
            logger: environment.logger
        )
        CoreRoutes.register(routes)
        var services: [any Service] = []
        for family in families {
            try family.register(routes)
            services += family.services(routes)
        }
        let tick = try environment.reader.scoped("STRIPE_SANDBOX").duration("TICK", default: .seconds(5))
        // Due work as real time passes (renewals and payouts that come due without advance_time), and
        // Stripe's 24-hour expiry of idempotency keys (real time: they are about client retries).
        services.append(
            PeriodicService(name: "stripe-sandbox due work", interval: tick, logger: environment.logger) {
                try await routes.transaction { call in
                    // One runner at a time across sandbox processes sharing a database.
                    _ = try await call.connection.query("SELECT pg_advisory_xact_lock(7300611)")
                    try await routes.dueWork.run(call, scope: .sandbox)
                    try await call.connection.execute(
                        "DELETE FROM stripe_sandbox.idempotency_keys WHERE created_at < now() - interval '24 hours'"
                    )
                }
            }
        )
        return ServiceApplication(router: router, migrations: try SandboxMigrations.runner(), services: services)
    }
}

/// Answers requests no route matches in Stripe's words.
struct UnknownRouteMiddleware: RouterMiddleware {
    func handle(
        _ request: Request,
        context: BasicRequestContext,
        next: (Request, BasicRequestContext) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        let response = try await next(request, context)
        let status = response.status.code
        // Only answers the router made itself (no route ran): 404/405 for unknown URLs, 400 for a target
        // that does not parse. Everything a route answers is already in Stripe's shape.
        guard context.route == nil || status == 405, status == 400 || status == 404 || status == 405,
            request.path.hasPrefix("/v1")
        else { return response }
        let error =
            status == 400
            ? StripeError.invalidRequest(
                "Invalid request: the URL's query string is malformed (encode parameters as Stripe's libraries do)."
            )
            : StripeError(
                status: 404,
                type: "invalid_request_error",
                message:
                    "Unrecognized request URL (\(request.method): \(request.path)). Please see https://stripe.com/docs or we can help at https://support.stripe.com/."
            )
        return SandboxRoutes.response(
            status: error.status,
            body: error.json.encoded(),
            requestID: "req_\(IDs.random(14))"
        )
    }
}
