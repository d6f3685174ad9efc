import Foundation
import HTTPCore
import StripeSandboxCore
import StripeSandboxTesting
import StripeSandboxWebhooks
import Testing

@Suite("Stripe sandbox: webhook signing")
struct WebhookSignatureTests {
    @Test("the signature matches the stripe library's vector (TEST-PEERS.md)")
    func vector() {
        let payload = Array(#"{"id":"evt_test","object":"event"}"#.utf8)
        let signature = WebhookSignature.v1(payload: payload, secret: "whsec_test_secret", timestamp: 1_700_000_000)
        #expect(signature == "8042376f6ca064adbe037642a718227dfd59047137eb49497a54c49eb0cfb724")
        let header = WebhookSignature.header(payload: payload, secret: "whsec_test_secret", timestamp: 1_700_000_000)
        #expect(header == "t=1700000000,v1=8042376f6ca064adbe037642a718227dfd59047137eb49497a54c49eb0cfb724")
    }

    @Test("verification accepts the header and refuses other secrets, bodies and stale times")
    func verification() {
        let payload = Array(#"{"id":"evt_test","object":"event"}"#.utf8)
        let header = WebhookSignature.header(payload: payload, secret: "whsec_a", timestamp: 1_700_000_000)
        #expect(WebhookSignature.verify(header: header, payload: payload, secret: "whsec_a", now: 1_700_000_100))
        #expect(!WebhookSignature.verify(header: header, payload: payload, secret: "whsec_b", now: 1_700_000_100))
        #expect(
            !WebhookSignature.verify(header: header, payload: payload + [32], secret: "whsec_a", now: 1_700_000_100)
        )
        #expect(!WebhookSignature.verify(header: header, payload: payload, secret: "whsec_a", now: 1_700_000_301))
    }

    @Test("enabled_events accepts * and the types the sandbox emits, not others")
    func eventTypes() {
        for type in [
            "*", "payment_intent.succeeded", "payment_intent.payment_failed", "charge.refunded",
            "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted",
            "invoice.payment_succeeded", "invoice.payment_failed", "charge.dispute.created", "charge.dispute.updated",
            "charge.dispute.closed", "payout.paid", "payout.failed", "account.updated", "application_fee.created",
            "transfer.created", "refund.created", "setup_intent.succeeded", "payment_method.attached",
            "product.created", "price.created",
        ] {
            #expect(WebhookEventTypes.isAccepted(type), "\(type)")
        }
        for type in ["payment_intent.*", "charge", "customer.exploded", ""] {
            #expect(!WebhookEventTypes.isAccepted(type), "\(type)")
        }
    }
}

@Suite("Stripe sandbox: Webhooks family")
struct WebhooksFamilyTests {
    @Test("a receiver answering 500, 500, 200 gets the same signed event three times, then never again")
    func retriesUntilDelivered() async throws {
        let receiver = WebhookReceiver(scripts: ["/hook": [.status(500), .status(500), .status(200)]])
        try await receiver.serve { base in
            try await SandboxHarness.with(families: [WebhooksFamily.family], settings: WebhookTests.settings) {
                sandbox in
                let url = base + "/hook"
                let endpoint = try await WebhookTests.createEndpoint(sandbox, url: url, events: ["customer.created"])
                let event = try await WebhookTests.record(sandbox, type: "customer.created")
                let eventID = try #require(event["id"]?.stringValue)
                #expect(event["pending_webhooks"] == 1)

                try await WebhookTests.eventually { receiver.deliveries().count >= 3 }
                // ≥ 3× the largest backoff (400 ms) with nothing more arriving.
                try await Task.sleep(for: .milliseconds(1500))
                let deliveries = receiver.deliveries()
                #expect(deliveries.count == 3)
                #expect(deliveries.allSatisfy { $0.eventID == eventID })
                #expect(Set(deliveries.map(\.body)).count == 1)
                #expect(deliveries.first?.body == JSON.object(event).encoded())
                for delivery in deliveries {
                    #expect(WebhookTests.signatureIsValid(delivery, secret: endpoint.secret))
                    #expect(!WebhookTests.signatureIsValid(delivery, secret: endpoint.secret + "x"))
                    #expect(delivery.headers["Content-Type"] == "application/json; charset=utf-8")
                    #expect(delivery.headers["User-Agent"] == "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
                }
                if deliveries.count == 3 {
                    // Backoff with jitter: at least half the nominal 200 ms, then 400 ms.
                    #expect(deliveries[1].received - deliveries[0].received >= .milliseconds(95))
                    #expect(deliveries[2].received - deliveries[1].received >= .milliseconds(195))
                }

                var attempts: [JSON] = []
                try await WebhookTests.eventually {
                    attempts = try await WebhookTests.attempts(sandbox, event: eventID)
                    return attempts.count >= 3
                }
                #expect(attempts.map { $0["status"]?.intValue } == [500, 500, 200])
                #expect(attempts.map { $0["attempt"]?.intValue } == [1, 2, 3])
                #expect(attempts.allSatisfy { $0["endpoint"]?.stringValue == endpoint.id })
                #expect(attempts.allSatisfy { $0["url"]?.stringValue == url })
                #expect(attempts.allSatisfy { $0["object"] == "webhook_attempt" && $0["error"] == .null })
                #expect(attempts.allSatisfy { $0["created"]?.intValue != nil })
                let pendingSettled = try await WebhookTests.eventually {
                    try await WebhookTests.pending(sandbox, event: eventID) == 0
                }
                #expect(pendingSettled)

                // The list filters and pages.
                let byEndpoint = try await sandbox.call(
                    "GET",
                    "/v1/test_helpers/webhook_attempts",
                    [("endpoint", endpoint.id), ("limit", "2")]
                )
                #expect(byEndpoint.json["data"]?.arrayValue?.count == 2)
                #expect(byEndpoint.json["has_more"] == true)
                let second = try #require(byEndpoint.json["data"]?.arrayValue?.last?["id"]?.stringValue)
                let next = try await sandbox.call(
                    "GET",
                    "/v1/test_helpers/webhook_attempts",
                    [("endpoint", endpoint.id), ("starting_after", second)]
                )
                #expect(next.json["data"]?.arrayValue?.map { $0["status"]?.intValue } == [200])
                #expect(next.json["has_more"] == false)
                let none = try await sandbox.call("GET", "/v1/test_helpers/webhook_attempts", [("event", "evt_none")])
                #expect(none.json["data"]?.arrayValue?.isEmpty == true)
            }
        }
    }

    @Test("platform and Connect endpoints get their own events, filtered by type; disabled ones get none")
    func routing() async throws {
        let receiver = WebhookReceiver()
        try await receiver.serve { base in
            try await SandboxHarness.with(families: [WebhooksFamily.family], settings: WebhookTests.settings) {
                sandbox in
                let connected = try await sandbox.makeConnectedAccount()
                let platform = try await WebhookTests.createEndpoint(
                    sandbox,
                    url: base + "/platform",
                    events: ["customer.created", "customer.updated"]
                )
                let connect = try await WebhookTests.createEndpoint(
                    sandbox,
                    url: base + "/connect",
                    events: ["*"],
                    connect: true
                )
                let payouts = try await WebhookTests.createEndpoint(
                    sandbox,
                    url: base + "/payouts",
                    events: ["payout.paid"]
                )
                let disabled = try await WebhookTests.createEndpoint(sandbox, url: base + "/disabled", events: ["*"])
                let disabling = try await sandbox.call(
                    "POST",
                    "/v1/webhook_endpoints/\(disabled.id)",
                    [("disabled", "true")]
                )
                #expect(disabling.json["status"] == "disabled")
                let late = try await WebhookTests.createEndpoint(sandbox, url: base + "/late", events: ["*"])

                let platformCustomer = try await WebhookTests.record(sandbox, type: "customer.created")
                let connectedCustomer = try await WebhookTests.record(
                    sandbox,
                    type: "customer.created",
                    account: connected
                )
                let connectedPayout = try await WebhookTests.record(sandbox, type: "payout.paid", account: connected)
                let platformPayout = try await WebhookTests.record(sandbox, type: "payout.paid")
                let product = try await WebhookTests.record(sandbox, type: "product.created")
                #expect(platformCustomer["pending_webhooks"] == 2)  // platform + late
                #expect(connectedCustomer["pending_webhooks"] == 1)
                #expect(connectedPayout["pending_webhooks"] == 1)
                #expect(platformPayout["pending_webhooks"] == 2)  // payouts + late
                #expect(product["pending_webhooks"] == 1)  // late

                func id(_ event: JSONObject) -> String? { event["id"]?.stringValue }
                try await WebhookTests.eventually {
                    receiver.deliveries(path: "/connect").count >= 2
                        && receiver.deliveries(path: "/platform").count >= 1
                        && receiver.deliveries(path: "/payouts").count >= 1
                        && receiver.deliveries(path: "/late").count >= 3
                }
                // Queued for /late, which is disabled (same transaction) before the worker gets to it: dropped
                // unsent.
                let lateID = late.id
                let dropped = try await WebhookTests.record(sandbox, type: "customer.deleted") { store in
                    var endpoint = try #require(
                        try await store.find(lateID, account: SandboxHarness.platform, object: "webhook_endpoint")
                    )
                    endpoint["status"] = "disabled"
                    try await store.update(endpoint, account: SandboxHarness.platform)
                }
                #expect(dropped["pending_webhooks"] == 1)  // late
                try await Task.sleep(for: .milliseconds(500))
                #expect(receiver.deliveries(path: "/platform").map(\.eventID) == [id(platformCustomer)])
                #expect(
                    Set(receiver.deliveries(path: "/connect").map(\.eventID))
                        == [id(connectedCustomer), id(connectedPayout)]
                )
                #expect(receiver.deliveries(path: "/payouts").map(\.eventID) == [id(platformPayout)])
                #expect(
                    Set(receiver.deliveries(path: "/late").map(\.eventID))
                        == [id(platformCustomer), id(platformPayout), id(product)]
                )
                #expect(receiver.deliveries(path: "/disabled").isEmpty)
                #expect(receiver.deliveries().count == 7)
                // Connect events name their account; the platform's have no `account`.
                for delivery in receiver.deliveries(path: "/connect") {
                    #expect(delivery.json["account"]?.stringValue == connected)
                    #expect(WebhookTests.signatureIsValid(delivery, secret: connect.secret))
                }
                for delivery in receiver.deliveries(path: "/platform") {
                    #expect(delivery.json["account"] == nil)
                    #expect(WebhookTests.signatureIsValid(delivery, secret: platform.secret))
                }
                #expect(
                    receiver.deliveries(path: "/payouts").allSatisfy {
                        WebhookTests.signatureIsValid($0, secret: payouts.secret)
                    }
                )
                #expect(
                    receiver.deliveries(path: "/late").allSatisfy {
                        WebhookTests.signatureIsValid($0, secret: late.secret)
                    }
                )
                // Every event ends with nothing pending (the dropped delivery included), and the dropped one
                // has no attempt.
                for event in [platformCustomer, connectedCustomer, connectedPayout, platformPayout, product, dropped] {
                    let eventID = try #require(id(event))
                    let account = event["account"]?.stringValue
                    let settled = try await WebhookTests.eventually {
                        let response = try await sandbox.call("GET", "/v1/events/\(eventID)", account: account)
                        return response.json["pending_webhooks"] == 0
                    }
                    #expect(settled, "\(eventID)")
                }
                #expect(try await WebhookTests.attempts(sandbox, event: try #require(id(dropped))).isEmpty)
            }
        }
    }

    @Test("an endpoint that does not answer within the timeout is retried; a dead delivery stops")
    func timeoutAndDeadLetter() async throws {
        let receiver = WebhookReceiver(scripts: [
            "/slow": [.delayed(.milliseconds(1500), 200)],
            "/down": Array(repeating: .status(503), count: 10),
        ])
        var settings = WebhookTests.settings
        settings["STRIPE_SANDBOX_WEBHOOK_TIMEOUT"] = "500ms"
        try await receiver.serve { base in
            try await SandboxHarness.with(families: [WebhooksFamily.family], settings: settings) { sandbox in
                _ = try await WebhookTests.createEndpoint(sandbox, url: base + "/slow", events: ["charge.succeeded"])
                _ = try await WebhookTests.createEndpoint(sandbox, url: base + "/down", events: ["payout.failed"])
                let slow = try #require(
                    try await WebhookTests.record(sandbox, type: "charge.succeeded")["id"]?.stringValue
                )
                let dead = try #require(
                    try await WebhookTests.record(sandbox, type: "payout.failed", maxAttempts: 2)["id"]?.stringValue
                )

                var slowAttempts: [JSON] = []
                try await WebhookTests.eventually {
                    slowAttempts = try await WebhookTests.attempts(sandbox, event: slow)
                    return slowAttempts.count >= 2
                }
                #expect(slowAttempts.count == 2)
                #expect(slowAttempts.first?["status"] == .null)
                #expect(slowAttempts.first?["error"]?.stringValue?.contains("timed out") == true)
                #expect(slowAttempts.last?["status"] == 200)
                #expect(slowAttempts.last?["attempt"] == 2)
                #expect(receiver.deliveries(path: "/slow").count == 2)

                try await WebhookTests.eventually { try await WebhookTests.pending(sandbox, event: dead) == 0 }
                try await Task.sleep(for: .milliseconds(800))
                let deadAttempts = try await WebhookTests.attempts(sandbox, event: dead)
                #expect(deadAttempts.map { $0["status"]?.intValue } == [503, 503])
                #expect(receiver.deliveries(path: "/down").count == 2)
                #expect(try await WebhookTests.pending(sandbox, event: dead) == 0)
                #expect(try await WebhookTests.pending(sandbox, event: slow) == 0)
            }
        }
    }

    @Test("webhook endpoints: create shows the secret once, retrieve, update, list, delete, validation")
    func endpointsCRUD() async throws {
        try await SandboxHarness.with(families: [WebhooksFamily.family], settings: WebhookTests.settings) { sandbox in
            let created = try await sandbox.call(
                "POST",
                "/v1/webhook_endpoints",
                [
                    ("url", "https://example.com/hooks"), ("enabled_events[]", "payment_intent.succeeded"),
                    ("enabled_events[]", "charge.refunded"), ("description", "PayLinks"), ("metadata[env]", "dev"),
                    ("api_version", "2026-10-28.endive"),
                ]
            )
            #expect(created.status == 200)
            let id = try #require(created.string("id"))
            #expect(id.hasPrefix("we_"))
            let secret = try #require(created.string("secret"))
            #expect(secret.hasPrefix("whsec_") && secret.count == 38)
            let keys = Templates.make("webhook_endpoint").memberNames + ["secret"]
            #expect(created.json.objectValue?.memberNames == keys)
            #expect(created.json["object"] == "webhook_endpoint")
            #expect(created.json["status"] == "enabled")
            #expect(created.json["url"] == "https://example.com/hooks")
            #expect(created.json["enabled_events"] == ["payment_intent.succeeded", "charge.refunded"])
            #expect(created.json["description"] == "PayLinks")
            #expect(created.json["metadata"]?["env"] == "dev")
            #expect(created.json["api_version"] == "2026-10-28.endive")
            #expect(created.json["livemode"] == false)

            let retrieved = try await sandbox.call("GET", "/v1/webhook_endpoints/\(id)")
            #expect(retrieved.status == 200)
            #expect(retrieved.json["secret"] == nil)
            #expect(retrieved.json.objectValue?.memberNames == Templates.make("webhook_endpoint").memberNames)

            let updated = try await sandbox.call(
                "POST",
                "/v1/webhook_endpoints/\(id)",
                [
                    ("url", "http://127.0.0.1:9/new"), ("enabled_events[]", "*"), ("disabled", "true"),
                    ("description", ""), ("metadata[env]", ""), ("metadata[team]", "payments"),
                ]
            )
            #expect(updated.status == 200)
            #expect(updated.json["url"] == "http://127.0.0.1:9/new")
            #expect(updated.json["enabled_events"] == ["*"])
            #expect(updated.json["status"] == "disabled")
            #expect(updated.json["description"] == .null)
            #expect(updated.json["metadata"] == ["team": "payments"])
            #expect(updated.json["secret"] == nil)
            let enabled = try await sandbox.call("POST", "/v1/webhook_endpoints/\(id)", [("disabled", "false")])
            #expect(enabled.json["status"] == "enabled")

            let other = try await WebhookTests.createEndpoint(sandbox, url: "https://example.com/b", events: ["*"])
            let list = try await sandbox.call("GET", "/v1/webhook_endpoints", [("limit", "1")])
            #expect(list.json["object"] == "list")
            #expect(list.json["url"] == "/v1/webhook_endpoints")
            #expect(list.json["data"]?.arrayValue?.first?["id"]?.stringValue == other.id)
            #expect(list.json["has_more"] == true)
            #expect(list.json["data"]?.arrayValue?.first?["secret"] == nil)

            let deleted = try await sandbox.call("DELETE", "/v1/webhook_endpoints/\(id)")
            #expect(deleted.status == 200)
            #expect(deleted.json == ["deleted": true, "id": .string(id), "object": "webhook_endpoint"])
            let gone = try await sandbox.call("GET", "/v1/webhook_endpoints/\(id)")
            #expect(gone.status == 404)
            #expect(gone.error("code") == "resource_missing")
            #expect(try await sandbox.call("DELETE", "/v1/webhook_endpoints/\(id)").status == 404)
            #expect(try await sandbox.call("POST", "/v1/webhook_endpoints/\(id)", [("disabled", "true")]).status == 404)
            let remaining = try await sandbox.call("GET", "/v1/webhook_endpoints")
            #expect(remaining.json["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [other.id])

            // Validation: 400 naming the parameter.
            let cases: [([(String, String)], String)] = [
                ([("enabled_events[]", "*")], "url"),
                ([("url", "https://example.com")], "enabled_events"),
                ([("url", "ftp://example.com"), ("enabled_events[]", "*")], "url"),
                ([("url", "example.com/hook"), ("enabled_events[]", "*")], "url"),
                ([("url", "https:///nohost"), ("enabled_events[]", "*")], "url"),
                ([("url", "https://exa mple.com"), ("enabled_events[]", "*")], "url"),
                (
                    [("url", "https://example.com/" + String(repeating: "a", count: 2100)), ("enabled_events[]", "*")],
                    "url"
                ),
                (
                    [("url", "https://example.com"), ("enabled_events[]", "*"), ("enabled_events[]", "charge.nope")],
                    "enabled_events[1]"
                ),
                ([("url", "https://example.com"), ("enabled_events[0]", "")], "enabled_events[0]"),
                ([("url", "https://example.com"), ("enabled_events[]", "*"), ("connect", "yes")], "connect"),
                ([("url", "https://example.com"), ("enabled_events[]", "*"), ("colour", "red")], "colour"),
                ([("url", "https://example.com"), ("enabled_events", "*")], "enabled_events"),
            ]
            for (form, param) in cases {
                let response = try await sandbox.call("POST", "/v1/webhook_endpoints", form)
                #expect(response.status == 400, "\(form)")
                #expect(response.error("param") == param, "\(form): \(String(decoding: response.body, as: UTF8.self))")
                #expect(response.error("type") == "invalid_request_error")
            }
            let badUpdate = try await sandbox.call(
                "POST",
                "/v1/webhook_endpoints/\(other.id)",
                [("enabled_events[]", "payout.paid"), ("enabled_events[]", "nope")]
            )
            #expect(badUpdate.status == 400)
            #expect(badUpdate.error("param") == "enabled_events[1]")
            let badDisabled = try await sandbox.call(
                "POST",
                "/v1/webhook_endpoints/\(other.id)",
                [("disabled", "maybe")]
            )
            #expect(badDisabled.error("param") == "disabled")
            let badURL = try await sandbox.call("POST", "/v1/webhook_endpoints/\(other.id)", [("url", "nope")])
            #expect(badURL.error("param") == "url")
            // Nothing changed by the refused updates.
            let unchanged = try await sandbox.call("GET", "/v1/webhook_endpoints/\(other.id)")
            #expect(unchanged.json["url"] == "https://example.com/b")

            // Platform only.
            let connected = try await sandbox.makeConnectedAccount()
            let asConnected = try await sandbox.call(
                "POST",
                "/v1/webhook_endpoints",
                [("url", "https://example.com"), ("enabled_events[]", "*")],
                account: connected
            )
            #expect(asConnected.status == 400)
            #expect(asConnected.error("type") == "invalid_request_error")
            #expect(try await sandbox.call("GET", "/v1/webhook_endpoints", account: connected).status == 400)
            #expect(
                try await sandbox.call("GET", "/v1/webhook_endpoints/\(other.id)", account: connected).status == 400
            )
            #expect(
                try await sandbox.call("GET", "/v1/test_helpers/webhook_attempts", account: connected).status == 400
            )
            let badCursor = try await sandbox.call(
                "GET",
                "/v1/test_helpers/webhook_attempts",
                [("starting_after", "nope")]
            )
            #expect(badCursor.status == 404)
            #expect(badCursor.error("param") == "starting_after")
            #expect(try await sandbox.call("GET", "/v1/webhook_endpoints", key: nil).status == 401)
        }
    }
}
