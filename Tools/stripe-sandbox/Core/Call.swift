package import Postgres

/// The sandbox's settings.
package struct SandboxConfig: Sendable {
    /// The Stripe API version the sandbox speaks (what stripe-python 16.1 pins).
    package static let apiVersion = "2026-10-28.endive"

    /// The one secret key accepted.
    package var secretKey: String
    /// The publishable key (Stripe.js-style calls with a client secret).
    package var publishableKey: String
    /// The platform account's id.
    package var platformAccount: String
    /// The sandbox's own origin as browsers reach it (onboarding, 3-D Secure and receipt pages); `nil`
    /// derives it from each request's `Host` header.
    package var publicURL: String?
    /// Webhook delivery settings.
    package var webhooks: WebhookSettings

    /// Creates settings.
    package init(
        secretKey: String = "sk_test_paylinks_sandbox",
        publishableKey: String = "pk_test_paylinks_sandbox",
        platformAccount: String = "acct_1PayLinksSandbox0",
        publicURL: String? = nil,
        webhooks: WebhookSettings = WebhookSettings()
    ) {
        self.secretKey = secretKey
        self.publishableKey = publishableKey
        self.platformAccount = platformAccount
        self.publicURL = publicURL
        self.webhooks = webhooks
    }
}

/// How webhooks are delivered.
package struct WebhookSettings: Sendable {
    /// The endpoint configured at start-up (`STRIPE_SANDBOX_WEBHOOK_URL`), if any.
    package var startupURL: String?
    /// Its `whsec_` secret (`STRIPE_SANDBOX_WEBHOOK_SECRET`).
    package var startupSecret: String?
    /// The delay after the first failed attempt, doubling up to `retryCap`.
    package var retryBase: Duration
    /// The longest delay between attempts.
    package var retryCap: Duration
    /// Attempts before a delivery is given up.
    package var maxAttempts: Int
    /// How long one attempt may take.
    package var timeout: Duration

    /// Creates settings.
    package init(
        startupURL: String? = nil,
        startupSecret: String? = nil,
        retryBase: Duration = .seconds(10),
        retryCap: Duration = .seconds(3600),
        maxAttempts: Int = 12,
        timeout: Duration = .seconds(10)
    ) {
        self.startupURL = startupURL
        self.startupSecret = startupSecret
        self.retryBase = retryBase
        self.retryCap = retryCap
        self.maxAttempts = maxAttempts
        self.timeout = timeout
    }
}

/// One API request as a handler sees it, inside one database transaction: the validated parameters, the
/// account the request acts as, the sandbox clock and the stores.
package struct Call: Sendable {
    /// The validated parameters.
    package let params: Params
    /// The path parameters (`{id}`).
    package let pathParameters: [String: String]
    /// The account the request acts as: the `Stripe-Account` header's, or the platform's.
    package let account: String
    /// The sandbox settings.
    package let config: SandboxConfig
    /// The sandbox clock (unix seconds) at the start of the request.
    package let now: Int64
    /// The transaction's connection.
    package let connection: PostgresConnection
    /// The request id (`req_…`), also on events.
    package let requestID: String
    /// The request's `Idempotency-Key`, if any.
    package let idempotencyKey: String?
    /// Whether the caller authenticated with the publishable key (Stripe.js-style).
    package let publishable: Bool
    /// The sandbox's origin for links in objects (`url` of account links, `receipt_url`): the configured
    /// `STRIPE_SANDBOX_PUBLIC_URL`, else `http://` + the request's `Host`.
    package let publicURL: String

    /// Creates a call (the router does this).
    package init(
        params: Params,
        pathParameters: [String: String],
        account: String,
        config: SandboxConfig,
        now: Int64,
        connection: PostgresConnection,
        requestID: String,
        idempotencyKey: String?,
        publishable: Bool,
        publicURL: String
    ) {
        self.params = params
        self.pathParameters = pathParameters
        self.account = account
        self.config = config
        self.now = now
        self.connection = connection
        self.requestID = requestID
        self.idempotencyKey = idempotencyKey
        self.publishable = publishable
        self.publicURL = publicURL
    }

    /// Whether the request acts as the platform (no `Stripe-Account`).
    package var isPlatform: Bool { account == config.platformAccount }

    /// The platform account's id.
    package var platformAccount: String { config.platformAccount }

    /// The path parameter `name` (registered routes always have it).
    package func path(_ name: String) -> String { pathParameters[name] ?? "" }

    /// The object of `type` that the path's `{id}` names in the caller's account, or a 404 `resource_missing`
    /// (param `id`); `forUpdate` locks its row for this call's transaction.
    package func pathObject(_ type: String, forUpdate: Bool = false) async throws -> JSONObject {
        try await store.require(path("id"), account: account, object: type, forUpdate: forUpdate)
    }

    /// The object store at this call's clock.
    package var store: ObjectStore { ObjectStore(connection: connection, now: now) }

    /// Where events are recorded.
    package var events: EventRecorder {
        EventRecorder(store: store, config: config, requestID: requestID, idempotencyKey: idempotencyKey)
    }

    /// The balance ledger.
    package var ledger: Ledger { Ledger(store: store) }

    /// The list parameters.
    package var page: PageRequest { PageRequest(params) }

    /// The same call at another time (due work after the clock moved, test clocks).
    package func at(_ time: Int64) -> Call {
        Call(
            params: params,
            pathParameters: pathParameters,
            account: account,
            config: config,
            now: time,
            connection: connection,
            requestID: requestID,
            idempotencyKey: idempotencyKey,
            publishable: publishable,
            publicURL: publicURL
        )
    }

    /// The same call acting as another account (for work that touches the platform and a connected account).
    package func acting(as account: String) -> Call {
        Call(
            params: params,
            pathParameters: pathParameters,
            account: account,
            config: config,
            now: now,
            connection: connection,
            requestID: requestID,
            idempotencyKey: idempotencyKey,
            publishable: publishable,
            publicURL: publicURL
        )
    }
}
