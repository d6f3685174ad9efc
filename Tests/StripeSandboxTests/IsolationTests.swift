import StripeSandbox
import StripeSandboxCore
import StripeSandboxTesting
import Testing

/// Objects belong to the account they were created under (`Stripe-Account`): another connected account and
/// the platform get Stripe's 404 for them, on retrieve, update and in lists.
@Suite("Stripe sandbox: account isolation")
struct IsolationTests {
    @Test("every kind of object made under acct_A is missing for acct_B and for the platform")
    func isolation() async throws {
        try await SandboxHarness.with(families: StripeSandbox.families) { sandbox in
            let accountA = try await sandbox.makeConnectedAccount()
            let accountB = try await sandbox.makeConnectedAccount()
            func create(_ path: String, _ form: [(String, String)]) async throws -> String {
                let response = try await sandbox.call("POST", path, form, account: accountA)
                #expect(response.status == 200, "\(path): \(String(decoding: response.body, as: UTF8.self))")
                return try #require(response.string("id"))
            }
            let customer = try await create("/v1/customers", [("email", "buyer@example.com")])
            let intent = try await create(
                "/v1/payment_intents",
                [
                    ("amount", "2500"), ("currency", "ron"), ("customer", customer), ("payment_method", "pm_card_visa"),
                    ("confirm", "true"), ("application_fee_amount", "100"),
                ]
            )
            let intentObject = try await sandbox.call("GET", "/v1/payment_intents/\(intent)", account: accountA)
            #expect(intentObject.string("status") == "succeeded")
            let charge = try #require(intentObject.string("latest_charge"))
            let refund = try await create("/v1/refunds", [("payment_intent", intent), ("amount", "500")])
            let product = try await create("/v1/products", [("name", "Coaching")])
            let price = try await create(
                "/v1/prices",
                [("product", product), ("unit_amount", "9900"), ("currency", "ron"), ("recurring[interval]", "month")]
            )
            let method = try await create("/v1/payment_methods/pm_card_visa/attach", [("customer", customer)])
            let subscription = try await create(
                "/v1/subscriptions",
                [("customer", customer), ("items[0][price]", price), ("default_payment_method", method)]
            )
            let setup = try await create("/v1/setup_intents", [("customer", customer)])
            let objects: [(String, String, String)] = [
                ("customer", "/v1/customers", customer), ("payment_intent", "/v1/payment_intents", intent),
                ("charge", "/v1/charges", charge), ("refund", "/v1/refunds", refund),
                ("product", "/v1/products", product), ("price", "/v1/prices", price),
                ("payment_method", "/v1/payment_methods", method),
                ("subscription", "/v1/subscriptions", subscription), ("setup_intent", "/v1/setup_intents", setup),
            ]
            for (type, path, id) in objects {
                let own = try await sandbox.call("GET", "\(path)/\(id)", account: accountA)
                #expect(own.status == 200, "\(type) \(id) for its owner")
                for stranger in [accountB, nil] {
                    let other = try await sandbox.call("GET", "\(path)/\(id)", account: stranger)
                    #expect(other.status == 404, "\(type) \(id) for \(stranger ?? "the platform")")
                    #expect(other.error("code") == "resource_missing")
                    #expect(other.error("message")?.contains(id) == true)
                    let update = try await sandbox.call(
                        "POST",
                        "\(path)/\(id)",
                        [("metadata[probe]", "x")],
                        account: stranger
                    )
                    #expect(update.status == 404, "update of \(type) \(id) for \(stranger ?? "the platform")")
                    let list = try await sandbox.call("GET", path, [("limit", "100")], account: stranger)
                    let ids = list.json["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
                    #expect(!ids.contains(id), "\(type) listed for \(stranger ?? "the platform")")
                }
            }
            // The connected account's events are its own, too.
            let events = try await sandbox.call("GET", "/v1/events", [("limit", "100")], account: accountA)
            let types = events.json["data"]?.arrayValue?.compactMap { $0["type"]?.stringValue } ?? []
            #expect(types.contains("payment_intent.succeeded"))
            #expect(events.json["data"]?.arrayValue?.allSatisfy { $0["account"] == .string(accountA) } == true)
            let platformEvents = try await sandbox.call("GET", "/v1/events", [("limit", "100")])
            let platformTypes = platformEvents.json["data"]?.arrayValue?.compactMap { $0["type"]?.stringValue } ?? []
            #expect(!platformTypes.contains("payment_intent.succeeded"))
        }
    }
}
