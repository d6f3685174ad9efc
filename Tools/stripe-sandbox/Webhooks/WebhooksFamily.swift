package import StripeSandboxCore

/// The Webhooks resources of the sandbox: `/v1/webhook_endpoints`, `GET /v1/test_helpers/webhook_attempts`,
/// the start-up endpoint (`STRIPE_SANDBOX_WEBHOOK_URL`/`_SECRET`) and the delivery worker.
package enum WebhooksFamily {
    /// Routes, due work and services.
    package static let family = SandboxFamily(name: "webhooks") { routes in
        WebhookEndpoints.register(routes)
        WebhookAttempts.register(routes)
    } services: { routes in
        [WebhookDeliveryService(routes: routes, logger: routes.logger)]
    }
}
