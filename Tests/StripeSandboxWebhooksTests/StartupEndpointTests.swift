import Foundation
import StripeSandboxCore
import StripeSandboxTesting
import StripeSandboxWebhooks
import TestSupport
import Testing

@Suite("Stripe sandbox: start-up webhook endpoint")
struct StartupEndpointTests {
    /// The receiver of the "pyaccept" helper: verifies with the official `stripe.Webhook.construct_event`.
    static func receiverScript() throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("StripeSandboxTests/Python/webhook_receiver.py")
        return try String(contentsOf: url, encoding: .utf8)
    }

    @Test(
        "the configured endpoint exists with all events and receives platform and Connect events verified by stripe-python"
    )
    func startupEndpointReceivesEvents() async throws {
        let secret = "whsec_startup_" + IDs.random(20)
        let peer = try await PythonPeer.start(
            name: "webhook-receiver",
            script: try Self.receiverScript(),
            arguments: ["--secret", secret, "--fail-first", "1"]
        )
        defer { peer.stop() }
        let port = Int(try #require(try JSON.parse(peer.firstLine)["port"]?.intValue))
        var settings = WebhookTests.settings
        settings["STRIPE_SANDBOX_WEBHOOK_URL"] = "http://127.0.0.1:\(port)/stripe/webhook"
        settings["STRIPE_SANDBOX_WEBHOOK_SECRET"] = secret
        try await SandboxHarness.with(families: [WebhooksFamily.family], settings: settings) { sandbox in
            let expectedID = StartupEndpoint.id(platform: SandboxHarness.platform)
            #expect(expectedID.hasPrefix("we_startup"))
            var endpoint: JSON = .null
            let exists = try await WebhookTests.eventually {
                endpoint = try await sandbox.call("GET", "/v1/webhook_endpoints/\(expectedID)").json
                return endpoint["id"]?.stringValue == expectedID
            }
            #expect(exists)
            #expect(endpoint["url"]?.stringValue == "http://127.0.0.1:\(port)/stripe/webhook")
            #expect(endpoint["enabled_events"] == ["*"])
            #expect(endpoint["status"] == "enabled")
            #expect(endpoint["secret"] == nil)

            let connected = try await sandbox.makeConnectedAccount()
            let platformEvent = try await WebhookTests.record(sandbox, type: "payment_intent.succeeded")
            let connectEvent = try await WebhookTests.record(sandbox, type: "account.updated", account: connected)
            let ids = [platformEvent["id"]?.stringValue, connectEvent["id"]?.stringValue]

            var deliveries: [JSON] = []
            try await WebhookTests.eventually {
                let response = try await HTTPTestClient.exchange(port: port, "GET", "/deliveries")
                deliveries = (try? JSON.parse(response.body))?["deliveries"]?.arrayValue ?? []
                return deliveries.filter { $0["status"] == 200 }.count >= 2
            }
            // Each event: answered 500 once (fail-first 1), then delivered; every delivery verified.
            #expect(deliveries.count == 4, "\(deliveries)")
            #expect(deliveries.allSatisfy { $0["verified"] == true }, "\(peer.errors())")
            for id in ids {
                let statuses = deliveries.filter { $0["event"]?.stringValue == id }.map { $0["status"]?.intValue }
                #expect(statuses == [500, 200], "\(String(describing: id))")
            }
            let connectDelivery = deliveries.first { $0["event"]?.stringValue == ids[1] }
            #expect(connectDelivery?["account"]?.stringValue == connected)
            #expect(connectDelivery?["type"] == "account.updated")
            let platformDelivery = deliveries.first { $0["event"]?.stringValue == ids[0] }
            #expect(platformDelivery?["account"] == .null)
            #expect(platformDelivery?["path"] == "/stripe/webhook")
        }
    }

    @Test("a changed configuration keeps the endpoint's id with the new URL and secret; no configuration removes it")
    func configurationChanges() async throws {
        let receiver = WebhookReceiver()
        try await receiver.serve { base in
            var settings = WebhookTests.settings
            settings["STRIPE_SANDBOX_WEBHOOK_URL"] = base + "/old"
            settings["STRIPE_SANDBOX_WEBHOOK_SECRET"] = "whsec_old"
            try await SandboxHarness.with(families: [WebhooksFamily.family], settings: settings) { sandbox in
                let postgres = try #require(sandbox.service.postgres)
                let id = StartupEndpoint.id(platform: SandboxHarness.platform)
                let created = try await WebhookTests.eventually {
                    try await sandbox.call("GET", "/v1/webhook_endpoints/\(id)").json["url"]?.stringValue
                        == base + "/old"
                }
                #expect(created)

                // As a restart with another URL and secret would do.
                let changed = SandboxConfig(
                    webhooks: WebhookSettings(startupURL: base + "/new", startupSecret: "whsec_new")
                )
                #expect(try await StartupEndpoint.synchronize(config: changed, postgres: postgres) == id)
                let list = try await sandbox.call("GET", "/v1/webhook_endpoints")
                #expect(list.json["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [id])
                #expect(list.json["data"]?.arrayValue?.first?["url"]?.stringValue == base + "/new")

                let event = try await WebhookTests.record(sandbox, type: "invoice.payment_succeeded")
                try await WebhookTests.eventually { !receiver.deliveries(path: "/new").isEmpty }
                let delivery = try #require(receiver.deliveries(path: "/new").first)
                #expect(delivery.eventID == event["id"]?.stringValue)
                #expect(WebhookTests.signatureIsValid(delivery, secret: "whsec_new"))
                #expect(!WebhookTests.signatureIsValid(delivery, secret: "whsec_old"))
                #expect(receiver.deliveries(path: "/old").isEmpty)

                await #expect(throws: StartupEndpointError.self) {
                    let invalid = SandboxConfig(
                        webhooks: WebhookSettings(startupURL: "ftp://example.com", startupSecret: "whsec_x")
                    )
                    try await StartupEndpoint.synchronize(config: invalid, postgres: postgres)
                }
                #expect(try await StartupEndpoint.synchronize(config: SandboxConfig(), postgres: postgres) == nil)
                #expect(try await sandbox.call("GET", "/v1/webhook_endpoints/\(id)").status == 404)
                let none = try await WebhookTests.record(sandbox, type: "invoice.payment_succeeded")
                #expect(none["pending_webhooks"] == 0)
            }
        }
    }
}
