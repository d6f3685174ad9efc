import Foundation
import HTTPClient
import HTTPCore
import JobQueue
import LifecycleKit
import LogKit
import Postgres
import StripeSandboxCore

/// The delivery worker: a ``JobWorker`` on ``WebhookDispatch/queue`` that POSTs each queued event to its
/// endpoint with a `Stripe-Signature`, records every attempt and lets the job queue retry failures with
/// `RetryPolicy(base: retryBase, cap: retryCap)` up to `maxAttempts`. Before the worker starts it creates or
/// updates the start-up endpoint (``StartupEndpoint``).
struct WebhookDeliveryService: Service {
    /// What Stripe's webhook requests say they are.
    static let userAgent = "Stripe/1.0 (+https://stripe.com/docs/webhooks)"

    let routes: SandboxRoutes
    let logger: Logger

    func run() async throws {
        try await StartupEndpoint.ensure(routes: routes, logger: logger)
        guard !Task.isCancelled, !isShuttingDownGracefully else { return }
        let settings = routes.config.webhooks
        var configuration = HTTPClientConfiguration()
        configuration.userAgent = Self.userAgent
        configuration.connectTimeout = settings.timeout
        configuration.maximumResponseBodySize = 1024 * 1024
        let client = HTTPClient(configuration: configuration, logger: logger)
        let deliverer = WebhookDeliverer(routes: routes, client: client, logger: logger)
        let worker = JobWorker(
            queue: WebhookDispatch.jobs,
            postgres: routes.postgres,
            handlers: [WebhookDispatch.queue: { job in try await deliverer.deliver(job) }],
            configuration: JobWorkerConfiguration(
                concurrency: 8,
                // New deliveries wake the worker by NOTIFY; polling only finds retries coming due, so a
                // quarter of the first backoff (50 ms…1 s) keeps them on time without a busy database.
                pollInterval: min(.seconds(1), max(.milliseconds(50), settings.retryBase / 4)),
                lease: settings.timeout * 2 + .seconds(60),
                retry: RetryPolicy(base: settings.retryBase, cap: settings.retryCap)
            ),
            logger: logger,
            onDeadLetter: { job, _ in await deliverer.gaveUp(job) }
        )
        do {
            try await worker.run()
        } catch {
            await client.shutdown()
            throw error
        }
        await client.shutdown()
    }
}

/// A delivery attempt that did not get a 2xx answer (the job is retried).
struct WebhookDeliveryFailure: Error, CustomStringConvertible {
    var description: String
}

/// Sends one queued delivery (`{"event","endpoint","account"}`).
struct WebhookDeliverer: Sendable {
    let routes: SandboxRoutes
    let client: HTTPClient
    let logger: Logger

    /// What a delivery job names.
    struct Delivery: Sendable {
        var event: String
        var endpoint: String
        var account: String

        init(_ job: Job) throws {
            let payload = try JSON.parse(job.payload)
            guard let event = payload["event"]?.stringValue, let endpoint = payload["endpoint"]?.stringValue,
                let account = payload["account"]?.stringValue
            else { throw WebhookDeliveryFailure(description: "malformed delivery job payload") }
            self.event = event
            self.endpoint = endpoint
            self.account = account
        }
    }

    /// Where and what to send.
    struct Target: Sendable {
        var url: String
        var secret: String
        var body: [UInt8]
    }

    /// Runs one attempt: throws unless the endpoint answered 2xx (or the delivery is moot: the event or the
    /// endpoint is gone, or the endpoint is disabled).
    func deliver(_ job: Job) async throws {
        let delivery = try Delivery(job)
        let platform = routes.config.platformAccount
        let target: Target? = try await routes.transaction { call in
            guard let event = try await call.store.find(delivery.event, account: delivery.account, object: "event")
            else { return nil }
            let endpoint = try await call.store.find(delivery.endpoint, account: platform, object: "webhook_endpoint")
            let rows = try await call.connection.query(
                "SELECT secret FROM stripe_sandbox.webhook_secrets WHERE endpoint = \(delivery.endpoint)"
            )
            guard let endpoint, endpoint["status"] == "enabled", let url = endpoint["url"]?.stringValue,
                let row = rows.first
            else {
                // Disabled or deleted since the event was queued: nothing is sent, nothing is pending.
                try await Self.settle(delivery, call: call)
                return nil
            }
            return Target(url: url, secret: try row.decode(String.self), body: JSON.object(event).encoded())
        }
        guard let target else { return }
        // Receivers check `t` against their own clock: wall-clock time, not the sandbox clock.
        let timestamp = Int64(Date().timeIntervalSince1970)
        let request = HTTPClientRequest(
            method: .post,
            url: target.url,
            headers: HTTPFields([
                ("Content-Type", "application/json; charset=utf-8"),
                ("User-Agent", WebhookDeliveryService.userAgent),
                ("Cache-Control", "no-cache"),
                (
                    "Stripe-Signature",
                    WebhookSignature.header(payload: target.body, secret: target.secret, timestamp: timestamp)
                ),
            ]),
            body: target.body
        )
        var status: Int?
        var failure: String?
        do {
            let response = try await client.execute(request, timeout: routes.config.webhooks.timeout)
            status = response.status.code
        } catch {
            if error.code == .cancelled || error.code == .shutdown { throw error }
            failure = Self.describe(error, timeout: routes.config.webhooks.timeout)
        }
        let delivered = status.map { (200..<300).contains($0) } ?? false
        try await routes.transaction { call in
            if delivered,
                try await !WebhookAttempts.delivered(
                    event: delivery.event,
                    endpoint: delivery.endpoint,
                    on: call.connection
                )
            {
                try await Self.settle(delivery, call: call)
            }
            try await WebhookAttempts.record(
                event: delivery.event,
                endpoint: delivery.endpoint,
                url: target.url,
                attempt: job.attempt,
                status: status,
                error: failure,
                created: call.now,
                on: call.connection
            )
        }
        guard delivered else {
            throw WebhookDeliveryFailure(
                description: status.map { "the endpoint answered HTTP \($0)" } ?? failure ?? "delivery failed"
            )
        }
    }

    /// After the last failed attempt: the event no longer waits for this endpoint.
    func gaveUp(_ job: Job) async {
        do {
            let delivery = try Delivery(job)
            try await routes.transaction { call in try await Self.settle(delivery, call: call) }
        } catch {
            logger.warning(
                "stripe-sandbox: could not settle a dead-lettered webhook delivery",
                metadata: ["job.id": job.id, "error": "\(error)"]
            )
        }
    }

    /// Decrements the stored event's `pending_webhooks` (never below 0).
    static func settle(_ delivery: Delivery, call: Call) async throws {
        guard var event = try await call.store.lock(delivery.event, account: delivery.account, object: "event"),
            let pending = event["pending_webhooks"]?.intValue, pending > 0
        else { return }
        event["pending_webhooks"] = .int(pending - 1)
        try await call.store.update(event, account: delivery.account)
    }

    /// A short description of a transport failure (no URL, headers or secrets).
    static func describe(_ error: HTTPClientError, timeout: Duration) -> String {
        let text: String
        switch error.code {
        case .timeout: text = "timed out after \(timeout)"
        case .connectFailed: text = "connection failed: " + (error.curlMessage ?? "\(error)")
        case .invalidURL: text = "invalid URL"
        case .tlsFailed: text = "TLS failed: " + (error.curlMessage ?? "\(error)")
        default: text = "\(error.code): " + (error.curlMessage ?? error.reason ?? "")
        }
        return String(text.prefix(200))
    }
}
