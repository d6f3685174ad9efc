import StripeSandboxBilling
import StripeSandboxCore
import StripeSandboxTesting
import Testing

@Suite("Stripe sandbox Billing: object shapes")
struct ShapeTests {
    /// The member paths where `actual` and Stripe's example differ in keys (nested objects and the first
    /// element of lists compared too; `metadata` and null members skipped).
    static func keyDifferences(_ actual: JSON, _ example: JSON, path: String = "") -> [String] {
        guard case .object(let object) = actual, case .object(let reference) = example else { return [] }
        var differences: [String] = []
        let keys = Set(object.memberNames)
        let expected = Set(reference.memberNames)
        for extra in keys.subtracting(expected).sorted() { differences.append("\(path)\(extra) (extra)") }
        for missing in expected.subtracting(keys).sorted() { differences.append("\(path)\(missing) (missing)") }
        for key in keys.intersection(expected).sorted() where key != "metadata" {
            guard let value = object[key], let referenceValue = reference[key] else { continue }
            if case .array(let elements) = value, case .array(let referenceElements) = referenceValue,
                let first = elements.first, let referenceFirst = referenceElements.first
            {
                differences += keyDifferences(first, referenceFirst, path: "\(path)\(key)[0].")
            } else {
                differences += keyDifferences(value, referenceValue, path: "\(path)\(key).")
            }
        }
        return differences
    }

    @Test("products, prices, subscriptions, items, invoices, lines and clocks carry the fixtures' keys")
    func fixtureKeys() async throws {
        try await SandboxHarness.with(families: BillingFixtures.families) { sandbox in
            let product = try await sandbox.call(
                "POST",
                "/v1/products",
                [
                    ("name", "Gold"), ("default_price_data[currency]", "ron"),
                    ("default_price_data[unit_amount]", "900"), ("default_price_data[recurring][interval]", "year"),
                ]
            )
            let priceID = try #require(product.string("default_price"))
            let price = try await sandbox.call("GET", "/v1/prices/\(priceID)")
            let (customer, _) = try await BillingFixtures.insertCustomer(sandbox)
            let subscription = try await sandbox.call(
                "POST",
                "/v1/subscriptions",
                [("customer", customer), ("items[0][price]", priceID), ("expand[]", "latest_invoice")]
            )
            #expect(subscription.string("status") == "active")
            let invoice = try #require(subscription.json["latest_invoice"])
            #expect(invoice["amount_paid"] == 900)
            #expect(invoice["lines"]?["data"]?.arrayValue?.first?["description"] == "1 × Gold (at 9.00 RON / year)")
            let clock = try await sandbox.call("POST", "/v1/test_helpers/test_clocks", [("frozen_time", "1700000000")])
            var collapsed = subscription.json
            collapsed["latest_invoice"] = invoice["id"]
            let checks: [(String, JSON)] = [
                ("product", product.json), ("price", price.json), ("subscription", collapsed),
                ("subscription_item", subscription.json["items"]?["data"]?.arrayValue?.first ?? .null),
                ("invoice", invoice), ("line_item", invoice["lines"]?["data"]?.arrayValue?.first ?? .null),
                ("test_helpers.test_clock", clock.json),
            ]
            for (type, object) in checks {
                #expect(object["object"] != nil, "\(type) missing")
                let example = try #require(Templates.example(type))
                let differences = Self.keyDifferences(object, example)
                #expect(differences.isEmpty, "\(type): \(differences)")
            }
        }
    }
}
