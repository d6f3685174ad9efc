/// What `paylinks up` reads from the environment (and `.env`); everything is optional: the defaults run the
/// whole platform locally.
///
/// | variable | default | meaning |
/// |---|---|---|
/// | `PAYLINKS_DATA_DIR` | `.data` | local state: the PostgreSQL cluster (`postgres/`, socket in `run/`, `postgres.log`) and the generated secrets (`local.env`, mode 0600) |
/// | `PAYLINKS_PUBLIC_PORT` | `8080` | the gateway's port, the only public one; start-up fails if it is taken |
/// | `AUTH_HTTP_PORT`, `CATALOG_HTTP_PORT`, `PAYMENTS_HTTP_PORT`, `MESSAGING_HTTP_PORT`, `STRIPE_SANDBOX_HTTP_PORT` | 8081, 8082, 8083, 8084, 12111 | each service's (and the sandbox's) port; an unset one whose default is taken gets a free port, a set one must be free |
/// | `PAYLINKS_POSTGRES_PORT` | `54329` | the local cluster's port (another free one if taken) |
/// | `DATABASE_URL` | unset | use this PostgreSQL (a URL whose role may create schemas) instead of the local cluster |
/// | `AUTH_DATABASE_URL`, `CATALOG_DATABASE_URL`, …, `STRIPE_SANDBOX_DATABASE_URL` | unset | one service's own database URL; wins over `DATABASE_URL` and over the local cluster |
/// | `PAYLINKS_INTERNAL_KEY` | generated into `local.env` | HMAC key for internal identity assertions (≥ 32 bytes, secret) |
/// | `PAYLINKS_JWT_SECRET` | generated into `local.env` | HS256 secret for access tokens (≥ 32 bytes, secret) |
/// | `AUTH_DATABASE_PASSWORD`, `CATALOG_DATABASE_PASSWORD`, … | generated into `local.env` | each service role's password in the local cluster |
/// | `PAYLINKS_READY_TIMEOUT` | `60s` | how long to wait for the gateway's (and the sandbox's) `/readyz` before reporting what is not answering |
/// | `PAYMENTS_STRIPE_API_BASE` | unset | set: payments uses that Stripe (real or external) and no sandbox is started; unset: the Stripe sandbox is started and payments pointed at it |
/// | `STRIPE_SANDBOX_SECRET_KEY`, `STRIPE_SANDBOX_PUBLISHABLE_KEY` | `sk_test_paylinks_sandbox`, `pk_test_paylinks_sandbox` | the sandbox's keys, also handed to payments as its defaults |
/// | `STRIPE_SANDBOX_WEBHOOK_SECRET` | `PAYMENTS_STRIPE_WEBHOOK_SECRET`, else generated into `local.env` (`whsec_…`) | what the sandbox signs webhooks with and payments verifies them with |
///
/// The local cluster starts only when `DATABASE_URL` is unset and at least one component has no
/// `<NAME>_DATABASE_URL`; it then gets the database `paylinks` and one login role per service (`auth`,
/// `catalog`, `payments`, `messaging`, and `stripe_sandbox` when the sandbox runs) allowed to connect and create
/// its schema. Secrets set in the environment win over the generated ones, which are created once and reused by
/// every later start.
package struct LauncherConfiguration: Sendable {
    /// Where local state lives. Default `.data`.
    package var dataDirectory: String
    /// The gateway's port. Default 8080.
    package var publicPort: Int
    /// The backend ports set explicitly in the environment; the others use their defaults or a free port.
    package var requestedPorts: [PlatformComponent: Int]
    /// The preferred port of the local cluster. Default 54329.
    package var postgresPort: Int
    /// A shared external database, or `nil` for the local cluster.
    package var databaseURL: String?
    /// Database URLs set per service (`<NAME>_DATABASE_URL`).
    package var serviceDatabaseURLs: [PlatformComponent: String]
    /// The internal identity key from the environment, or `nil` to use the generated one.
    package var internalKey: String?
    /// The JWT secret from the environment, or `nil` to use the generated one.
    package var jwtSecret: String?
    /// Role passwords from the environment (`<NAME>_DATABASE_PASSWORD`); missing ones are generated.
    package var databasePasswords: [PlatformComponent: String]
    /// How long to wait for the platform to become ready before reporting. Default 60 s.
    package var readyTimeout: Duration
    /// `PAYMENTS_STRIPE_API_BASE`: the Stripe payments uses instead of the sandbox, or `nil` to start the sandbox.
    package var externalStripeAPIBase: String?
    /// The sandbox's secret key (`STRIPE_SANDBOX_SECRET_KEY`). Default ``defaultSandboxSecretKey``.
    package var sandboxSecretKey: String
    /// The sandbox's publishable key (`STRIPE_SANDBOX_PUBLISHABLE_KEY`). Default ``defaultSandboxPublishableKey``.
    package var sandboxPublishableKey: String
    /// The webhook signing secret from the environment, or `nil` to use the generated one.
    package var stripeWebhookSecret: String?

    /// The sandbox's secret key unless configured otherwise (its own default too).
    package static let defaultSandboxSecretKey = "sk_test_paylinks_sandbox"
    /// The sandbox's publishable key unless configured otherwise.
    package static let defaultSandboxPublishableKey = "pk_test_paylinks_sandbox"

    /// Creates a configuration with the defaults above.
    package init(
        dataDirectory: String = ".data",
        publicPort: Int = PlatformComponent.gateway.defaultPort,
        requestedPorts: [PlatformComponent: Int] = [:],
        postgresPort: Int = 54329,
        databaseURL: String? = nil,
        serviceDatabaseURLs: [PlatformComponent: String] = [:],
        internalKey: String? = nil,
        jwtSecret: String? = nil,
        databasePasswords: [PlatformComponent: String] = [:],
        readyTimeout: Duration = .seconds(60),
        externalStripeAPIBase: String? = nil,
        sandboxSecretKey: String = Self.defaultSandboxSecretKey,
        sandboxPublishableKey: String = Self.defaultSandboxPublishableKey,
        stripeWebhookSecret: String? = nil
    ) {
        self.dataDirectory = dataDirectory
        self.publicPort = publicPort
        self.requestedPorts = requestedPorts
        self.postgresPort = postgresPort
        self.databaseURL = databaseURL
        self.serviceDatabaseURLs = serviceDatabaseURLs
        self.internalKey = internalKey
        self.jwtSecret = jwtSecret
        self.databasePasswords = databasePasswords
        self.readyTimeout = readyTimeout
        self.externalStripeAPIBase = externalStripeAPIBase
        self.sandboxSecretKey = sandboxSecretKey
        self.sandboxPublishableKey = sandboxPublishableKey
        self.stripeWebhookSecret = stripeWebhookSecret
    }

    /// Whether the Stripe sandbox is started: unless `PAYMENTS_STRIPE_API_BASE` names another Stripe.
    package var startsStripeSandbox: Bool { externalStripeAPIBase == nil }

    /// The components to run, in start order: every one, minus the sandbox when another Stripe is configured.
    package var components: [PlatformComponent] {
        PlatformComponent.startOrder.filter { $0 != .stripeSandbox || startsStripeSandbox }
    }

    /// The components that need the local cluster: every one with a database unless `DATABASE_URL` is set,
    /// minus those with their own `<NAME>_DATABASE_URL`.
    package var componentsOnLocalCluster: [PlatformComponent] {
        guard databaseURL == nil else { return [] }
        return components.filter { $0.usesDatabase && serviceDatabaseURLs[$0] == nil }
    }
}
