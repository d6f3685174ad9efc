package import JobQueue
import Postgres

/// Chooses the endpoints an event goes to and queues its deliveries; the Webhooks family's worker sends
/// them (queue ``queue``, payload ``Delivery``).
///
/// Endpoints are `webhook_endpoint` objects of the platform account; `stripe_sandbox.webhook_secrets` holds
/// each one's secret and whether it is a Connect endpoint (connected accounts' events) or a platform one;
/// the start-up endpoint gets both.
package enum WebhookDispatch {
    /// The job queue name of deliveries.
    package static let queue = "webhook.deliver"
    /// The job queue of the sandbox schema.
    package static let jobs = JobQueue(schema: SandboxMigrations.schema)

    /// The ids of the enabled endpoints subscribed to `type` for the platform's (`connect == false`) or a
    /// connected account's events.
    static func endpoints(
        for type: String,
        connect: Bool,
        store: ObjectStore,
        config: SandboxConfig
    ) async throws -> [String] {
        let rows = try await store.connection.query(
            """
            SELECT o.id, o.data::text FROM stripe_sandbox.objects o
            JOIN stripe_sandbox.webhook_secrets s ON s.endpoint = o.id
            WHERE o.object = 'webhook_endpoint' AND o.account = \(config.platformAccount)
              AND o.data->>'status' = 'enabled' AND (s.startup OR s.connect = \(connect))
            ORDER BY o.seq
            """
        )
        var endpoints: [String] = []
        for row in rows {
            let (id, text) = try row.decode((String, String).self)
            let events = try ObjectStore.parse(text)["enabled_events"]?.arrayValue ?? []
            if events.contains(.string("*")) || events.contains(.string(type)) { endpoints.append(id) }
        }
        return endpoints
    }

    /// Queues one delivery job per endpoint for the stored event `eventID` of `account`, in the caller's
    /// transaction (payload `{"event","endpoint","account"}`).
    static func enqueue(
        eventID: String,
        account: String,
        endpoints: [String],
        store: ObjectStore,
        config: SandboxConfig
    ) async throws {
        for endpoint in endpoints {
            let payload: JSON = ["event": .string(eventID), "endpoint": .string(endpoint), "account": .string(account)]
            try await jobs.enqueue(
                queue,
                payload: payload.compactText,
                maxAttempts: config.webhooks.maxAttempts,
                on: store.connection
            )
        }
    }
}
