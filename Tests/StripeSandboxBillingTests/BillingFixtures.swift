import StripeSandboxBilling
import StripeSandboxCore
import StripeSandboxPayments
import StripeSandboxTesting
import Testing

/// Objects the Billing tests need from other families, stored directly, and small request helpers.
enum BillingFixtures {
    static let families = [BillingFamily.family, PaymentsFamily.family]
    static let day: Int64 = 86_400

    /// Stores a card payment method of the test card `token` attached to `customer`; returns its id.
    static func insertPaymentMethod(
        _ sandbox: SandboxHarness,
        token: String = "pm_card_visa",
        customer: String?,
        account: String = SandboxHarness.platform
    ) async throws -> String {
        let card = try #require(TestCards.card(token: token))
        var method = Templates.make("payment_method")
        let id = IDs.make("pm")
        method["allow_redisplay"] = "unspecified"
        method["card"] = [
            "brand": .string(card.brand),
            "checks": ["address_line1_check": nil, "address_postal_code_check": nil, "cvc_check": "pass"],
            "country": .string(card.country), "display_brand": .string(card.brand), "exp_month": 12,
            "exp_year": 2040, "fingerprint": .string(card.fingerprint), "funding": .string(card.funding),
            "generated_from": nil, "last4": .string(card.last4),
            "networks": ["available": [.string(card.brand)], "preferred": nil],
            "three_d_secure_usage": ["supported": true], "wallet": nil, "regulated_status": "unregulated",
        ]
        method["created"] = 1_700_000_000
        method["customer"] = .string(customer)
        method["id"] = .string(id)
        method["type"] = "card"
        method["customer_account"] = nil
        try await sandbox.insert(method, account: account)
        return id
    }

    /// Stores a customer (optionally on a test clock) whose default payment method is a card of `token`.
    static func insertCustomer(
        _ sandbox: SandboxHarness,
        token: String? = "pm_card_visa",
        testClock: String? = nil,
        account: String = SandboxHarness.platform
    ) async throws -> (customer: String, paymentMethod: String?) {
        let id = IDs.make("cus", length: 14)
        var method: String?
        if let token { method = try await insertPaymentMethod(sandbox, token: token, customer: id, account: account) }
        var customer = Templates.make("customer")
        customer["balance"] = 0
        customer["created"] = 1_700_000_000
        customer["delinquent"] = false
        customer["discount"] = nil
        customer["email"] = "subscriber@example.com"
        customer["id"] = .string(id)
        customer["invoice_prefix"] = "ABCD1234"
        customer["invoice_settings"] = [
            "custom_fields": nil, "default_payment_method": .string(method), "footer": nil, "rendering_options": nil,
        ]
        customer["name"] = "Ana Pop"
        customer["next_invoice_sequence"] = 1
        customer["tax_exempt"] = "none"
        customer["test_clock"] = .string(testClock)
        try await sandbox.insert(customer, account: account)
        return (id, method)
    }

    /// Creates a product and a monthly recurring price of `amount` ron; returns the price id.
    static func monthlyPrice(
        _ sandbox: SandboxHarness,
        amount: Int = 2000,
        account: String? = nil,
        interval: String = "month"
    ) async throws -> String {
        let product = try await sandbox.call("POST", "/v1/products", [("name", "Gold")], account: account)
        #expect(product.status == 200)
        let price = try await sandbox.call(
            "POST",
            "/v1/prices",
            [
                ("product", product.string("id") ?? ""), ("unit_amount", String(amount)), ("currency", "ron"),
                ("recurring[interval]", interval),
            ],
            account: account
        )
        #expect(price.status == 200)
        return try #require(price.string("id"))
    }

    /// The subscription's invoices, newest first.
    static func invoices(
        _ sandbox: SandboxHarness,
        subscription: String,
        account: String? = nil
    ) async throws
        -> [JSON]
    {
        let list = try await sandbox.call(
            "GET",
            "/v1/invoices",
            [("subscription", subscription), ("limit", "100")],
            account: account
        )
        #expect(list.status == 200)
        return list.json["data"]?.arrayValue ?? []
    }

    /// The events of `type`, newest first.
    static func events(_ sandbox: SandboxHarness, type: String, account: String? = nil) async throws -> [JSON] {
        let list = try await sandbox.call("GET", "/v1/events", [("type", type), ("limit", "100")], account: account)
        #expect(list.status == 200)
        return list.json["data"]?.arrayValue ?? []
    }

    /// Moves the sandbox clock; returns the new time.
    @discardableResult
    static func advance(_ sandbox: SandboxHarness, seconds: Int64) async throws -> Int64 {
        let moved = try await sandbox.call("POST", "/v1/test_helpers/advance_time", [("seconds", String(seconds))])
        #expect(moved.status == 200)
        return try #require(moved.json["now"]?.intValue)
    }

    /// The first item's current period.
    static func period(_ subscription: JSON) -> (start: Int64?, end: Int64?) {
        let item = subscription["items"]?["data"]?.arrayValue?.first
        return (item?["current_period_start"]?.intValue, item?["current_period_end"]?.intValue)
    }
}
