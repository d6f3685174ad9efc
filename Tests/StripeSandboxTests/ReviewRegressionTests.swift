import StripeSandbox
import StripeSandboxCore
import StripeSandboxTesting
import Testing

/// Findings of the review of the sandbox, each kept as a test.
@Suite("Stripe sandbox: review regressions")
struct ReviewRegressionTests {
    @Test("expand[] works only on Stripe's expandable members, never on metadata or across accounts")
    func expandAllowList() async throws {
        try await SandboxHarness.with(families: StripeSandbox.families) { sandbox in
            let accountA = try await sandbox.makeConnectedAccount()
            let accountB = try await sandbox.makeConnectedAccount()
            let platformCustomer = try #require(
                try await sandbox.call("POST", "/v1/customers", [("email", "platform@example.com")]).string("id")
            )
            let probe = try await sandbox.call(
                "POST",
                "/v1/customers",
                [("metadata[a]", platformCustomer), ("metadata[b]", accountB), ("description", platformCustomer)],
                account: accountA
            )
            let probeID = try #require(probe.string("id"))
            for path in ["metadata.a", "metadata.b", "description", "email", "metadata"] {
                let expanded = try await sandbox.call(
                    "GET",
                    "/v1/customers/\(probeID)",
                    [("expand[]", path)],
                    account: accountA
                )
                #expect(expanded.status == 400, "\(path)")
                #expect(expanded.error("param") == "expand")
                #expect(!String(decoding: expanded.body, as: UTF8.self).contains("platform@example.com"))
            }

            // An expandable member still expands, in the caller's own account.
            let intent = try await sandbox.call(
                "POST",
                "/v1/payment_intents",
                [
                    ("amount", "1000"), ("currency", "ron"), ("customer", probeID), ("payment_method", "pm_card_visa"),
                    ("confirm", "true"), ("expand[]", "customer"), ("expand[]", "latest_charge.balance_transaction"),
                ],
                account: accountA
            )
            #expect(intent.status == 200)
            #expect(intent.json["customer"]?["id"] == .string(probeID))
            #expect(intent.json["latest_charge"]?["balance_transaction"]?["object"] == "balance_transaction")
            let intentID = try #require(intent.string("id"))
            let secret = try #require(intent.string("client_secret"))

            // The publishable key may expand payment_method only.
            let browser = try await sandbox.call(
                "GET",
                "/v1/payment_intents/\(intentID)",
                [("client_secret", secret), ("expand[]", "customer")],
                account: accountA,
                key: SandboxHarness.publishableKey
            )
            #expect(browser.status == 400)
            #expect(!String(decoding: browser.body, as: UTF8.self).contains(probeID + "\",\n    \"object\""))

            // A deleted customer stays an id instead of failing the request.
            _ = try await sandbox.call("DELETE", "/v1/customers/\(probeID)", account: accountA)
            let afterDelete = try await sandbox.call(
                "GET",
                "/v1/payment_intents",
                [("expand[]", "data.customer")],
                account: accountA
            )
            #expect(afterDelete.status == 200)
            #expect(afterDelete.json["data"]?.arrayValue?.first?["customer"] == .string(probeID))
        }
    }

    @Test("a NUL byte is a 400 or a 404, never a 500, and never stored")
    func nulBytes() async throws {
        try await SandboxHarness.with(families: StripeSandbox.families) { sandbox in
            let stored = try await sandbox.call("POST", "/v1/customers", [("description", "a\u{0}b")])
            #expect(stored.status == 400)
            #expect(stored.error("message")?.contains("NUL") == true)
            for target in ["/v1/customers/%00", "/v1/events/cus%00x", "/v1/customers?starting_after=%00"] {
                let response = try await sandbox.call("GET", target)
                #expect(response.status == 400 || response.status == 404, "\(target)")
                #expect(response.error("type") == "invalid_request_error", "\(target)")
            }
            let list = try await sandbox.call("GET", "/v1/events", [("type", "customer.created")])
            #expect(list.status == 200)
        }
    }

    @Test("the clock cannot be moved beyond five years at once")
    func clockBound() async throws {
        try await SandboxHarness.with(families: StripeSandbox.families) { sandbox in
            let huge = try await sandbox.call(
                "POST",
                "/v1/test_helpers/advance_time",
                [("to", "9223372036854775807")]
            )
            #expect(huge.status == 400)
            #expect(huge.error("param") == "to")
            #expect(Ledger.stripeFee(amount: .max, currency: "ron") > 0)
        }
    }
}
