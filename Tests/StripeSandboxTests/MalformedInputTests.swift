import StripeSandbox
import StripeSandboxCore
import StripeSandboxTesting
import Testing

/// Bad input of every kind gets a Stripe-shaped 4xx, never a 500: a bounded, seeded run of junk requests
/// against every resource family's routes.
@Suite("Stripe sandbox: malformed input")
struct MalformedInputTests {
    /// A small deterministic generator (xorshift64*), so a failure can be replayed from its seed.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 2_685_821_657_736_338_717
        }
    }

    static let routes: [(String, String)] = [
        ("POST", "/v1/accounts"), ("POST", "/v1/accounts/acct_missing"), ("GET", "/v1/accounts"),
        ("POST", "/v1/account_links"), ("POST", "/v1/customers"), ("POST", "/v1/customers/cus_missing"),
        ("GET", "/v1/customers"), ("POST", "/v1/payment_methods"), ("POST", "/v1/payment_methods/pm_card_visa/attach"),
        ("POST", "/v1/payment_intents"), ("POST", "/v1/payment_intents/pi_missing/confirm"),
        ("POST", "/v1/payment_intents/pi_missing/capture"), ("GET", "/v1/payment_intents"),
        ("POST", "/v1/setup_intents"), ("POST", "/v1/refunds"), ("GET", "/v1/charges"), ("POST", "/v1/products"),
        ("POST", "/v1/prices"), ("POST", "/v1/subscriptions"), ("GET", "/v1/invoices"), ("POST", "/v1/payouts"),
        ("GET", "/v1/balance"), ("GET", "/v1/balance_transactions"), ("POST", "/v1/disputes/dp_missing"),
        ("POST", "/v1/webhook_endpoints"), ("GET", "/v1/events"), ("POST", "/v1/test_helpers/advance_time"),
        ("POST", "/v1/test_helpers/test_clocks"), ("DELETE", "/v1/customers/cus_missing"),
    ]

    static let names = [
        "amount", "currency", "customer", "payment_method", "items", "metadata", "expand", "limit", "email",
        "transfer_data", "application_fee_amount", "type", "price", "recurring", "evidence", "url", "enabled_events",
        "account", "refresh_url", "return_url", "confirm", "capture_method", "seconds", "frozen_time", "product",
        "unit_amount", "trial_period_days", "starting_after", "payment_intent", "charge", "card", "quantity",
        "unit_amount_decimal", "amount_to_capture", "interval_count", "trial_end", "days_until_due",
    ]

    static let values = [
        "", "0", "-1", "1", "99999999999999999999", "abc", "true", "ron", "RON", "xyz", "cus_missing", "pm_card_visa",
        "acct_missing", "https://example.com/x", "a%00b", "%E2%82%AC", "%ZZ", String(repeating: "x", count: 6000),
        "1.5", "now", "month", "[]", "{}", "pi_missing_secret_x", "9223372036854775807", "-9223372036854775808",
        "99999999.999999999999",
    ]

    static func junk(_ generator: inout Generator) -> String {
        var pairs: [String] = []
        for _ in 0..<Int.random(in: 1...6, using: &generator) {
            var name = names.randomElement(using: &generator)!
            switch Int.random(in: 0..<8, using: &generator) {
            case 0: name += "[]"
            case 1: name += "[\(names.randomElement(using: &generator)!)]"
            case 2: name += "[0][\(names.randomElement(using: &generator)!)]"
            case 3: name += ["[", "]", "[[x]]", "[a]b", "[]x", "%5B"].randomElement(using: &generator)!
            case 4: name = ["", "=", "&&", "a=b=c", "\u{7F}"].randomElement(using: &generator)!
            default: break
            }
            pairs.append("\(name)=\(values.randomElement(using: &generator)!)")
        }
        return pairs.joined(separator: "&")
    }

    @Test("900 seeded junk requests: every answer is a Stripe error or a success, never a 500")
    func junkRequests() async throws {
        try await SandboxHarness.with(families: StripeSandbox.families) { sandbox in
            let connected = try await sandbox.makeConnectedAccount()
            var generator = Generator(state: 0x5EED_2026_1206)
            for index in 0..<900 {
                let (method, path) = Self.routes[index % Self.routes.count]
                let body = Self.junk(&generator)
                let account = index % 3 == 0 ? connected : nil
                let response: StripeResponse
                if method == "POST" {
                    response = try await sandbox.call(method, path, account: account, rawBody: Array(body.utf8))
                } else {
                    // A raw control byte in a URL is refused by the HTTP parser before any route (its own
                    // 400); clients send it percent-encoded, as here.
                    let query = body.replacing("\u{7F}", with: "%7F")
                    response = try await sandbox.call(method, path + "?" + query, account: account)
                }
                #expect(response.status < 500, "\(method) \(path) \(body.prefix(300)) → \(response.status)")
                if response.status >= 400 {
                    #expect(
                        response.error("type") != nil,
                        "\(method) \(path) \(body.prefix(200)) → \(response.status) \(String(decoding: response.body.prefix(200), as: UTF8.self))"
                    )
                    #expect(response.error("message")?.isEmpty == false)
                }
                if response.status >= 500 { break }
            }
        }
    }

    @Test("a JSON body, a body over the limit and a wrong content are refused cleanly")
    func wrongBodies() async throws {
        try await SandboxHarness.with(families: StripeSandbox.families) { sandbox in
            let json = try await sandbox.call("POST", "/v1/customers", rawBody: Array(#"{"email":"a@b.c"}"#.utf8))
            #expect(json.status == 400)
            #expect(json.error("message")?.hasPrefix("Received unknown parameter") == true)
            let huge = try await sandbox.call(
                "POST",
                "/v1/customers",
                rawBody: Array(("description=" + String(repeating: "x", count: 2 << 20)).utf8)
            )
            #expect(huge.status == 413)
        }
    }
}
