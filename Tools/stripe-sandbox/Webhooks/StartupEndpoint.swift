import Cryptography
import LifecycleKit
import LogKit
package import Postgres
package import StripeSandboxCore

/// The endpoint configured by `STRIPE_SANDBOX_WEBHOOK_URL` and `_SECRET`: a `webhook_endpoint` of the platform
/// with a stable id (``id(platform:)``), all events (`*`), platform and Connect events (`startup = true` in
/// `webhook_secrets`). Created at start-up, updated when the configuration changed, deleted when it is no
/// longer configured.
package enum StartupEndpoint {
    /// How often ``ensure(routes:logger:)`` tries while the schema is not migrated yet (100 ms apart).
    static let maxTries = 300

    /// The start-up endpoint's id: `we_startup` and a hash of the platform account (stable across restarts
    /// and URL changes).
    package static func id(platform: String) -> String {
        "we_startup" + String(Hex.encode(SHA256.hash(Array("startup:\(platform)".utf8))).prefix(14))
    }

    /// Creates, updates or removes the start-up endpoint, retrying (bounded) while the migrations that run
    /// beside this service have not created the tables yet.
    static func ensure(routes: SandboxRoutes, logger: Logger) async throws {
        let settings = routes.config.webhooks
        if (settings.startupURL == nil) != (settings.startupSecret == nil) {
            logger.warning(
                "stripe-sandbox: STRIPE_SANDBOX_WEBHOOK_URL and STRIPE_SANDBOX_WEBHOOK_SECRET must both be set for a start-up webhook endpoint"
            )
        }
        var tries = 0
        while true {
            do {
                if let id = try await synchronize(config: routes.config, postgres: routes.postgres) {
                    logger.info("stripe-sandbox: start-up webhook endpoint ready", metadata: ["endpoint": id])
                }
                return
            } catch let error as StartupEndpointError {
                throw error
            } catch {
                tries += 1
                if tries >= maxTries { throw error }
                if Task.isCancelled || isShuttingDownGracefully { return }
                logger.debug("stripe-sandbox: start-up webhook endpoint not ready", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// Makes the stored start-up endpoint match `config` once: creates or updates it (same id, the configured
    /// URL and secret, all events, enabled) when `startupURL` and `startupSecret` are set, else deletes it.
    ///
    /// - Returns: the endpoint's id, or `nil` when none is configured.
    /// - Throws: ``StartupEndpointError`` for a URL that is not an absolute http(s) URL; database errors.
    @discardableResult
    package static func synchronize(config: SandboxConfig, postgres: PostgresClient) async throws -> String? {
        var configured: (url: String, secret: String)?
        let settings = config.webhooks
        if let url = settings.startupURL, let secret = settings.startupSecret, !url.isEmpty, !secret.isEmpty {
            do {
                configured = (try WebhookEndpoints.validURL(url, param: "STRIPE_SANDBOX_WEBHOOK_URL"), secret)
            } catch {
                throw StartupEndpointError(description: error.message)
            }
        }
        let platform = config.platformAccount
        let id = id(platform: platform)
        try await postgres.withTransaction { connection in
            // One sandbox process at a time.
            _ = try await connection.query("SELECT pg_advisory_xact_lock(7300612)")
            let store = ObjectStore(connection: connection, now: try await SandboxClock.now(on: connection))
            let rows = try await connection.query("SELECT endpoint FROM stripe_sandbox.webhook_secrets WHERE startup")
            for row in rows {
                let stale = try row.decode(String.self)
                if stale != id || configured == nil {
                    try await WebhookEndpoints.remove(stale, account: platform, on: connection)
                }
            }
            guard let configured else { return }
            let objectType = WebhookEndpoints.objectType
            if var endpoint = try await store.lock(id, account: platform, object: objectType) {
                endpoint["url"] = .string(configured.url)
                endpoint["enabled_events"] = ["*"]
                endpoint["status"] = "enabled"
                try await store.update(endpoint, account: platform)
            } else {
                let endpoint = WebhookEndpoints.make(
                    id: id,
                    url: configured.url,
                    events: ["*"],
                    description: "Start-up endpoint (STRIPE_SANDBOX_WEBHOOK_URL)",
                    apiVersion: nil,
                    created: store.now
                )
                try await store.insert(endpoint, account: platform)
            }
            try await WebhookEndpoints.saveSecret(
                endpoint: id,
                secret: configured.secret,
                connect: false,
                startup: true,
                on: connection
            )
        }
        return configured == nil ? nil : id
    }
}

/// The start-up endpoint's configuration is invalid.
package struct StartupEndpointError: Error, CustomStringConvertible {
    /// What is wrong.
    package var description: String
}
