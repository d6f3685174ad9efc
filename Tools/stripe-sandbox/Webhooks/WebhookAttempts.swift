import Postgres
import StripeSandboxCore

/// Delivery attempts (`stripe_sandbox.webhook_attempts`) and `GET /v1/test_helpers/webhook_attempts`.
enum WebhookAttempts {
    /// The prefix of attempt ids (`wha_<row id>`).
    static let prefix = "wha_"

    /// Records one attempt at sandbox time `created`.
    static func record(
        event: String,
        endpoint: String,
        url: String,
        attempt: Int,
        status: Int?,
        error: String?,
        created: Int64,
        on connection: PostgresConnection
    ) async throws {
        try await connection.execute(
            """
            INSERT INTO stripe_sandbox.webhook_attempts (event, endpoint, url, attempt, status, error, created)
            VALUES (\(event), \(endpoint), \(url), \(attempt), \(status), \(error), \(created))
            """
        )
    }

    /// Whether `event` was already delivered to `endpoint` (a 2xx attempt is recorded).
    static func delivered(event: String, endpoint: String, on connection: PostgresConnection) async throws -> Bool {
        let rows = try await connection.query(
            """
            SELECT 1 FROM stripe_sandbox.webhook_attempts
            WHERE event = \(event) AND endpoint = \(endpoint) AND status BETWEEN 200 AND 299 LIMIT 1
            """
        )
        return !rows.isEmpty
    }

    /// Registers the list route (platform only; oldest first).
    static func register(_ routes: SandboxRoutes) {
        routes.get(
            "/v1/test_helpers/webhook_attempts",
            schema: .list([Param("event", .string(maxLength: 255)), Param("endpoint", .string(maxLength: 255))])
        ) { call in
            guard call.isPlatform else {
                throw StripeError.invalidRequest(
                    "Webhook attempts belong to the platform account: send this request without the Stripe-Account header."
                )
            }
            let page = call.page
            let after = try cursor(page.startingAfter, param: "starting_after")
            let before = page.startingAfter == nil ? try cursor(page.endingBefore, param: "ending_before") : nil
            let backwards = before != nil
            let event = call.params.string("event")
            let endpoint = call.params.string("endpoint")
            let rows = try await call.connection.query(
                """
                SELECT id, event, endpoint, url, attempt, status, error, created
                FROM stripe_sandbox.webhook_attempts
                WHERE (\(event)::text IS NULL OR event = \(event))
                  AND (\(endpoint)::text IS NULL OR endpoint = \(endpoint))
                  AND (\(after)::bigint IS NULL OR id > \(after))
                  AND (\(before)::bigint IS NULL OR id < \(before))
                  AND (\(page.createdGT)::bigint IS NULL OR created > \(page.createdGT))
                  AND (\(page.createdGTE)::bigint IS NULL OR created >= \(page.createdGTE))
                  AND (\(page.createdLT)::bigint IS NULL OR created < \(page.createdLT))
                  AND (\(page.createdLTE)::bigint IS NULL OR created <= \(page.createdLTE))
                ORDER BY id \(unsafeSQL: backwards ? "DESC" : "ASC")
                LIMIT \(page.limit + 1)
                """
            )
            var attempts: [JSON] = []
            for row in rows {
                let (id, event, endpoint, url, attempt, status, error, created) = try row.decode(
                    (Int64, String, String, String, Int, Int?, String?, Int64).self
                )
                attempts.append([
                    "object": "webhook_attempt", "id": .string("\(prefix)\(id)"), "event": .string(event),
                    "endpoint": .string(endpoint), "url": .string(url), "attempt": .int(Int64(attempt)),
                    "status": .int(status.map(Int64.init)), "error": .string(error), "created": .int(created),
                ])
            }
            let hasMore = attempts.count > page.limit
            if hasMore { attempts.removeLast() }
            if backwards { attempts.reverse() }
            return [
                "object": "list", "data": .array(attempts), "has_more": .bool(hasMore),
                "url": "/v1/test_helpers/webhook_attempts",
            ]
        }
    }

    /// The row id of an attempt id (`wha_12` → 12), or a 400 naming `param`.
    private static func cursor(_ id: String?, param: String) throws(StripeError) -> Int64? {
        guard let id else { return nil }
        guard id.hasPrefix(prefix), let number = Int64(id.dropFirst(prefix.count)) else {
            throw StripeError.resourceMissing("webhook_attempt", id, param: param)
        }
        return number
    }
}
