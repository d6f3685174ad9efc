import StripeSandboxBilling
import StripeSandboxCore
import StripeSandboxTesting
import Testing

@Suite("Stripe sandbox Billing: products and prices")
struct CatalogTests {
    @Test("products with a default price, recurring and one-time prices: create, list, update, delete")
    func productsAndPrices() async throws {
        try await SandboxHarness.with(families: BillingFixtures.families) { sandbox in
            let product = try await sandbox.call(
                "POST",
                "/v1/products",
                [
                    ("name", "Gold plan"), ("description", "Monthly gold"), ("metadata[tier]", "gold"),
                    ("images[0]", "https://example.com/a.png"), ("default_price_data[currency]", "RON"),
                    ("default_price_data[unit_amount]", "2500"), ("default_price_data[recurring][interval]", "month"),
                ]
            )
            #expect(product.status == 200)
            let productID = try #require(product.string("id"))
            #expect(productID.hasPrefix("prod_"))
            #expect(product.string("object") == "product")
            #expect(product.json["active"] == true)
            #expect(product.json["metadata"]?["tier"] == "gold")
            #expect(product.json["images"] == ["https://example.com/a.png"])
            let defaultPrice = try #require(product.string("default_price"))

            let fetched = try await sandbox.call("GET", "/v1/prices/\(defaultPrice)")
            #expect(fetched.json["unit_amount"] == 2500)
            #expect(fetched.json["currency"] == "ron")
            #expect(fetched.json["type"] == "recurring")
            #expect(fetched.json["recurring"]?["interval"] == "month")
            #expect(fetched.json["recurring"]?["interval_count"] == 1)
            #expect(fetched.string("product") == productID)

            let oneTime = try await sandbox.call(
                "POST",
                "/v1/prices",
                [("product", productID), ("unit_amount_decimal", "1999.50"), ("currency", "eur"), ("nickname", "Once")]
            )
            #expect(oneTime.status == 200)
            #expect(oneTime.json["type"] == "one_time")
            #expect(oneTime.json["recurring"] == .null)
            #expect(oneTime.json["unit_amount"] == .null)
            #expect(oneTime.json["unit_amount_decimal"] == "1999.5")
            #expect(oneTime.json["billing_scheme"] == "per_unit")
            let oneTimeID = try #require(oneTime.string("id"))

            let inline = try await sandbox.call(
                "POST",
                "/v1/prices",
                [
                    ("product_data[name]", "Weekly"), ("unit_amount", "700"), ("currency", "ron"),
                    ("recurring[interval]", "week"), ("recurring[interval_count]", "2"), ("lookup_key", "weekly"),
                ]
            )
            #expect(inline.status == 200)
            #expect(inline.json["recurring"]?["interval_count"] == 2)
            #expect(inline.json["lookup_key"] == "weekly")
            let inlineProduct = try #require(inline.string("product"))
            #expect(inlineProduct != productID)

            let recurring = try await sandbox.call("GET", "/v1/prices", [("type", "recurring")])
            let recurringIDs = (recurring.json["data"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
            #expect(Set(recurringIDs) == [defaultPrice, try #require(inline.string("id"))])
            let ofProduct = try await sandbox.call("GET", "/v1/prices", [("product", productID)])
            #expect(ofProduct.json["data"]?.arrayValue?.count == 2)
            let weekly = try await sandbox.call("GET", "/v1/prices", [("recurring[interval]", "week")])
            #expect(weekly.json["data"]?.arrayValue?.map { $0["id"] } == [inline.json["id"]])
            let byKey = try await sandbox.call("GET", "/v1/prices", [("lookup_keys[0]", "weekly")])
            #expect(byKey.json["data"]?.arrayValue?.count == 1)

            let taken = try await sandbox.call(
                "POST",
                "/v1/prices/\(oneTimeID)",
                [("lookup_key", "weekly")]
            )
            #expect(taken.status == 400)
            #expect(taken.error("param") == "lookup_key")

            let updated = try await sandbox.call(
                "POST",
                "/v1/prices/\(oneTimeID)",
                [("active", "false"), ("nickname", "Retired"), ("metadata[k]", "v")]
            )
            #expect(updated.status == 200)
            #expect(updated.json["active"] == false)
            #expect(updated.json["nickname"] == "Retired")
            let priceEvents = try await BillingFixtures.events(sandbox, type: "price.updated")
            #expect(priceEvents.first?["data"]?["previous_attributes"]?["active"] == true)
            #expect(priceEvents.first?["data"]?["previous_attributes"]?["nickname"] == "Once")
            let inactive = try await sandbox.call("GET", "/v1/prices", [("active", "false")])
            #expect(inactive.json["data"]?.arrayValue?.map { $0["id"] } == [.string(oneTimeID)])

            let renamed = try await sandbox.call("POST", "/v1/products/\(productID)", [("name", "Platinum")])
            #expect(renamed.json["name"] == "Platinum")
            let productEvents = try await BillingFixtures.events(sandbox, type: "product.updated")
            #expect(productEvents.first?["data"]?["previous_attributes"]?["name"] == "Gold plan")
            #expect(try await BillingFixtures.events(sandbox, type: "price.created").count == 3)
            #expect(try await BillingFixtures.events(sandbox, type: "product.created").count == 2)

            let blocked = try await sandbox.call("DELETE", "/v1/products/\(productID)")
            #expect(blocked.status == 400)
            #expect(blocked.error("message")?.contains("has one or more user-created prices") == true)

            let bare = try await sandbox.call("POST", "/v1/products", [("name", "Nothing"), ("active", "false")])
            let bareID = try #require(bare.string("id"))
            let inactiveProducts = try await sandbox.call("GET", "/v1/products", [("active", "false")])
            #expect(inactiveProducts.json["data"]?.arrayValue?.map { $0["id"] } == [.string(bareID)])
            let deleted = try await sandbox.call("DELETE", "/v1/products/\(bareID)")
            #expect(deleted.status == 200)
            #expect(deleted.json == ["deleted": true, "id": .string(bareID), "object": "product"])
            #expect(try await sandbox.call("GET", "/v1/products/\(bareID)").status == 404)
            #expect(try await BillingFixtures.events(sandbox, type: "product.deleted").count == 1)
        }
    }

    @Test("bad catalog parameters are 400s naming the parameter")
    func badParameters() async throws {
        try await SandboxHarness.with(families: BillingFixtures.families) { sandbox in
            let noName = try await sandbox.call("POST", "/v1/products", [("description", "x")])
            #expect(noName.status == 400)
            #expect(noName.error("param") == "name")
            #expect(noName.error("code") == "parameter_missing")

            let product = try await sandbox.call("POST", "/v1/products", [("name", "P")])
            let productID = try #require(product.string("id"))
            let interval = try await sandbox.call(
                "POST",
                "/v1/prices",
                [
                    ("product", productID), ("unit_amount", "1"), ("currency", "ron"),
                    ("recurring[interval]", "fortnight"),
                ]
            )
            #expect(interval.status == 400)
            #expect(interval.error("param") == "recurring[interval]")

            let tooLong = try await sandbox.call(
                "POST",
                "/v1/prices",
                [
                    ("product", productID), ("unit_amount", "1"), ("currency", "ron"), ("recurring[interval]", "month"),
                    ("recurring[interval_count]", "37"),
                ]
            )
            #expect(tooLong.status == 400)
            #expect(tooLong.error("param") == "recurring[interval_count]")

            let noAmount = try await sandbox.call("POST", "/v1/prices", [("product", productID), ("currency", "ron")])
            #expect(noAmount.status == 400)
            #expect(noAmount.error("param") == "unit_amount")

            let both = try await sandbox.call(
                "POST",
                "/v1/prices",
                [("product", productID), ("currency", "ron"), ("unit_amount", "1"), ("unit_amount_decimal", "1.5")]
            )
            #expect(both.status == 400)
            #expect(both.error("param") == "unit_amount_decimal")

            let badDecimal = try await sandbox.call(
                "POST",
                "/v1/prices",
                [("product", productID), ("currency", "ron"), ("unit_amount_decimal", "1.2.3")]
            )
            #expect(badDecimal.status == 400)
            #expect(badDecimal.error("param") == "unit_amount_decimal")

            let noProduct = try await sandbox.call("POST", "/v1/prices", [("currency", "ron"), ("unit_amount", "5")])
            #expect(noProduct.status == 400)
            #expect(noProduct.error("param") == "product")

            let missingProduct = try await sandbox.call(
                "POST",
                "/v1/prices",
                [("product", "prod_missing"), ("currency", "ron"), ("unit_amount", "5")]
            )
            #expect(missingProduct.status == 404)
            #expect(missingProduct.error("param") == "product")
        }
    }

    @Test("calendar months keep the anchor day; days and weeks are exact")
    func periodArithmetic() {
        let jan31 = BillingPeriods.days(year: 2024, month: 1, day: 31) * 86_400 + 3600
        let feb29 = BillingPeriods.days(year: 2024, month: 2, day: 29) * 86_400 + 3600
        let mar31 = BillingPeriods.days(year: 2024, month: 3, day: 31) * 86_400 + 3600
        let apr30 = BillingPeriods.days(year: 2024, month: 4, day: 30) * 86_400 + 3600
        #expect(BillingPeriods.add(jan31, interval: "month", count: 1) == feb29)
        #expect(BillingPeriods.add(jan31, interval: "month", count: 1, steps: 2) == mar31)
        #expect(BillingPeriods.add(jan31, interval: "month", count: 3) == apr30)
        #expect(BillingPeriods.next(after: feb29, anchor: jan31, interval: "month", count: 1) == mar31)
        #expect(BillingPeriods.next(after: feb29 - 1, anchor: jan31, interval: "month", count: 1) == feb29)
        #expect(
            BillingPeriods.next(after: mar31 + 40 * 86_400, anchor: jan31, interval: "month", count: 1)
                == BillingPeriods.days(year: 2024, month: 5, day: 31) * 86_400 + 3600
        )
        let feb2023 = BillingPeriods.days(year: 2023, month: 1, day: 31) * 86_400
        #expect(BillingPeriods.civil(BillingPeriods.addMonths(feb2023, 1)).day == 28)
        #expect(
            BillingPeriods.add(feb29, interval: "year", count: 1) == BillingPeriods.days(year: 2025, month: 2, day: 28)
                * 86_400 + 3600
        )
        #expect(
            BillingPeriods.add(feb29, interval: "year", count: 4) == BillingPeriods.days(year: 2028, month: 2, day: 29)
                * 86_400 + 3600
        )
        let dec15 = BillingPeriods.days(year: 2025, month: 12, day: 15) * 86_400
        #expect(BillingPeriods.civil(BillingPeriods.add(dec15, interval: "month", count: 1)) == (2026, 1, 15, 0))
        #expect(BillingPeriods.add(jan31, interval: "day", count: 3) == jan31 + 3 * 86_400)
        #expect(BillingPeriods.add(jan31, interval: "week", count: 2) == jan31 + 14 * 86_400)
        #expect(
            BillingPeriods.next(after: jan31 + 15 * 86_400, anchor: jan31, interval: "week", count: 1) == jan31 + 21
                * 86_400
        )
        #expect(BillingPeriods.civil(0) == (1970, 1, 1, 0))
        #expect(BillingPeriods.civil(1_769_817_600) == (2026, 1, 31, 0))
    }
}
