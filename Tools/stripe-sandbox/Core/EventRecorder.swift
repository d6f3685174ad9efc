/// Records Stripe events (`evt_…`) in the request's transaction and queues their webhook deliveries.
package struct EventRecorder: Sendable {
    let store: ObjectStore
    let config: SandboxConfig
    let requestID: String?
    let idempotencyKey: String?

    /// Creates a recorder (``Call/events`` makes one per request; tests and background work may too).
    package init(store: ObjectStore, config: SandboxConfig, requestID: String?, idempotencyKey: String?) {
        self.store = store
        self.config = config
        self.requestID = requestID
        self.idempotencyKey = idempotencyKey
    }

    /// The top-level members of `old` whose values differ in `new`, with their old values: what an
    /// `*.updated` event carries as `previous_attributes`. Members named in `ignoring` are left out.
    package static func changes(
        from old: JSONObject,
        to new: JSONObject,
        ignoring: Set<String> = []
    ) -> JSONObject {
        var changed = JSONObject()
        for (key, value) in old where !ignoring.contains(key) && new[key] != value { changed[key] = value }
        return changed
    }

    /// Records an event about `object`, which belongs to `account`.
    ///
    /// Events of a connected account carry `account` (Connect events) and go to Connect endpoints; the
    /// platform's go to the platform's endpoints. The delivery jobs are queued in the same transaction.
    ///
    /// - Parameters:
    ///   - previous: for `*.updated` events, the changed members' old values (`previous_attributes`).
    /// - Returns: the stored event.
    @discardableResult
    package func record(
        type: String,
        object: JSONObject,
        account: String,
        previous: JSONObject? = nil
    ) async throws -> JSONObject {
        var event = Templates.make("event")
        let id = IDs.make("evt")
        let connect = account != config.platformAccount
        event["api_version"] = .string(SandboxConfig.apiVersion)
        event["created"] = .int(store.now)
        var data: JSONObject = ["object": .object(object)]
        if let previous { data["previous_attributes"] = .object(previous) }
        event["data"] = .object(data)
        event["id"] = .string(id)
        event["request"] = ["id": .string(requestID), "idempotency_key": .string(idempotencyKey)]
        event["type"] = .string(type)
        if connect {
            // Connect events name the connected account (Stripe adds `account` to them).
            var withAccount = JSONObject()
            for (key, value) in event {
                withAccount[key] = value
                if key == "api_version" { withAccount["account"] = .string(account) }
            }
            event = withAccount
        }
        let endpoints = try await WebhookDispatch.endpoints(for: type, connect: connect, store: store, config: config)
        event["pending_webhooks"] = .int(Int64(endpoints.count))
        try await store.insert(event, account: account)
        try await WebhookDispatch.enqueue(
            eventID: id,
            account: account,
            endpoints: endpoints,
            store: store,
            config: config
        )
        return event
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    package init(dictionaryLiteral elements: (String, JSON)...) { self.init(elements) }
}
