import Postgres
package import StripeSandboxCore

/// `/v1/webhook_endpoints`: create, retrieve, update, list and delete the platform's webhook endpoints
/// (`we_…`), each with its `whsec_` secret in `stripe_sandbox.webhook_secrets`.
package enum WebhookEndpoints {
    /// The longest URL accepted.
    static let maxURLLength = 2048

    static let eventsParam = Param("enabled_events", .array(.string(maxLength: 200), max: 512))

    /// Registers the routes.
    static func register(_ routes: SandboxRoutes) {
        routes.post(
            "/v1/webhook_endpoints",
            schema: Schema([
                Param("url", .string(maxLength: maxURLLength), required: true),
                Param(eventsParam.name, eventsParam.type, required: true),
                Param("connect", .boolean),
                Param("description", .string(maxLength: 5000)),
                Param("metadata", .metadata),
                Param("api_version", .string(maxLength: 100)),
            ])
        ) { call in
            try requirePlatform(call)
            let url = try validURL(try call.params.requireString("url"))
            let events = try enabledEvents(call.params)
            let secret = makeSecret()
            var endpoint = make(
                id: IDs.make("we"),
                url: url,
                events: events,
                description: call.params.string("description"),
                apiVersion: call.params.string("api_version"),
                created: call.now
            )
            call.params.applyMetadata(to: &endpoint)
            try await call.store.insert(endpoint, account: call.account)
            try await saveSecret(
                endpoint: endpoint["id"]?.stringValue ?? "",
                secret: secret,
                connect: call.params.bool("connect") ?? false,
                startup: false,
                on: call.connection
            )
            // The secret is only ever shown in the creation response, as Stripe does.
            endpoint["secret"] = .string(secret)
            return .object(endpoint)
        }
        routes.get("/v1/webhook_endpoints/{id}") { call in
            try requirePlatform(call)
            return .object(try await call.pathObject(objectType))
        }
        routes.post(
            "/v1/webhook_endpoints/{id}",
            schema: Schema([
                Param("url", .string(maxLength: maxURLLength)),
                eventsParam,
                Param("disabled", .boolean),
                Param("description", .string(maxLength: 5000)),
                Param("metadata", .metadata),
            ])
        ) { call in
            try requirePlatform(call)
            var endpoint = try await call.pathObject(objectType, forUpdate: true)
            if call.params.has("url") {
                endpoint["url"] = .string(try validURL(call.params.string("url") ?? ""))
            }
            if call.params.has(eventsParam.name) {
                endpoint["enabled_events"] = .array(try enabledEvents(call.params).map(JSON.string))
            }
            if let disabled = call.params.bool("disabled") {
                endpoint["status"] = .string(disabled ? "disabled" : "enabled")
            }
            call.params.assignString("description", to: &endpoint)
            call.params.applyMetadata(to: &endpoint)
            try await call.store.update(endpoint, account: call.account)
            return .object(endpoint)
        }
        routes.get("/v1/webhook_endpoints", schema: .list()) { call in
            try requirePlatform(call)
            return try await call.store.list(
                object: objectType,
                account: call.account,
                page: call.page,
                url: "/v1/webhook_endpoints"
            )
        }
        routes.delete("/v1/webhook_endpoints/{id}") { call in
            try requirePlatform(call)
            let id = call.path("id")
            _ = try await call.store.require(id, account: call.account, object: objectType, forUpdate: true)
            try await remove(id, account: call.account, on: call.connection)
            return Templates.deleted("webhook_endpoint", id: id)
        }
    }

    static let objectType = "webhook_endpoint"

    /// A new endpoint object (without `secret`).
    static func make(
        id: String,
        url: String,
        events: [String],
        description: String?,
        apiVersion: String?,
        created: Int64
    ) -> JSONObject {
        var endpoint = Templates.make(objectType)
        endpoint["api_version"] = .string(apiVersion)
        endpoint["application"] = nil
        endpoint["created"] = .int(created)
        endpoint["description"] = .string(description)
        endpoint["enabled_events"] = .array(events.map(JSON.string))
        endpoint["id"] = .string(id)
        endpoint["status"] = "enabled"
        endpoint["url"] = .string(url)
        return endpoint
    }

    /// `whsec_` and 32 random alphanumerics.
    static func makeSecret() -> String { "whsec_" + IDs.random(32) }

    /// Inserts or replaces the secret row of `endpoint`.
    static func saveSecret(
        endpoint: String,
        secret: String,
        connect: Bool,
        startup: Bool,
        on connection: PostgresConnection
    ) async throws {
        try await connection.execute(
            """
            INSERT INTO stripe_sandbox.webhook_secrets (endpoint, secret, connect, startup)
            VALUES (\(endpoint), \(secret), \(connect), \(startup))
            ON CONFLICT (endpoint) DO UPDATE
            SET secret = EXCLUDED.secret, connect = EXCLUDED.connect, startup = EXCLUDED.startup
            """
        )
    }

    /// Deletes an endpoint object and its secret (queued deliveries to it are then dropped).
    static func remove(_ id: String, account: String, on connection: PostgresConnection) async throws {
        try await ObjectStore(connection: connection, now: 0).delete(id, account: account)
        try await connection.execute("DELETE FROM stripe_sandbox.webhook_secrets WHERE endpoint = \(id)")
    }

    /// Webhook endpoints belong to the platform: a request with `Stripe-Account` is refused.
    static func requirePlatform(_ call: Call) throws(StripeError) {
        guard call.isPlatform else {
            throw StripeError.invalidRequest(
                "Webhook endpoints belong to the platform account: send this request without the Stripe-Account header (create the endpoint with connect=true to receive connected accounts' events)."
            )
        }
    }

    /// `url` if it is an absolute `http`/`https` URL with a host, else a 400 naming `url`.
    package static func validURL(_ url: String, param: String = "url") throws(StripeError) -> String {
        let lower = url.lowercased()
        let rest: Substring
        if lower.hasPrefix("https://") {
            rest = url.dropFirst(8)
        } else if lower.hasPrefix("http://") {
            rest = url.dropFirst(7)
        } else {
            throw StripeError.invalidRequest(
                "Invalid URL: \(param) must be an absolute URL starting with http:// or https://.",
                param: param
            )
        }
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let host = authority.split(separator: "@").last.map { String($0) } ?? ""
        let valid =
            !host.isEmpty && !host.hasPrefix(":") && url.count <= maxURLLength
            && url.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F }
        guard valid else {
            throw StripeError.invalidRequest(
                "Invalid URL: \(param) must be an absolute http or https URL with a host and no spaces.",
                param: param
            )
        }
        return url
    }

    /// The validated `enabled_events[]`: each `*` or a known event type, at least one.
    static func enabledEvents(_ params: Params) throws(StripeError) -> [String] {
        let name = eventsParam.name
        guard let list = params.list(name), !list.isEmpty else { throw StripeError.missing(name) }
        var events: [String] = []
        for (index, element) in list.enumerated() {
            guard case .string(let type) = element, WebhookEventTypes.isAccepted(type) else {
                var shown = ""
                if case .string(let type) = element { shown = " '\(type)'" }
                throw StripeError.invalidRequest(
                    "Invalid \(name)[\(index)]:\(shown) is not a valid event type; use * or one of Stripe's event types such as payment_intent.succeeded.",
                    param: "\(name)[\(index)]"
                )
            }
            if !events.contains(type) { events.append(type) }
        }
        return events
    }
}
