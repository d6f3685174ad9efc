import CatalogService
import Foundation
import LogKit
import Postgres
import ServiceIdentity
import TestSupport
import Testing

@Suite(.enabled(if: PostgresTestEnvironment.isEnabled, "needs PostgreSQL: scripts/with-postgres.sh swift test"))
struct PayLinkRoutesTests {
    static let sellerID = "01937a7e-0000-7000-8000-0000000000aa"
    static let seller = CallerIdentity(userID: sellerID, role: .user, currency: "RON")
    static let otherSeller = CallerIdentity(userID: "01937a7e-0000-7000-8000-0000000000bb", role: .user)
    static let payments = CallerIdentity.service("payments")

    static func withCatalog(_ body: (LiveService) async throws -> Void) async throws {
        try await LiveService.withService(
            name: "catalog",
            database: true,
            logger: .init(label: "t", level: .error),
            build: CatalogService.make,
            body
        )
    }

    static func send(
        _ catalog: LiveService,
        _ method: String,
        _ target: String,
        as identity: CallerIdentity? = seller,
        json: String? = nil
    ) async throws -> HTTPTestResponse {
        try await catalog.request(
            method,
            target,
            as: identity,
            headers: json == nil ? [] : [("Content-Type", "application/json")],
            body: Array((json ?? "").utf8)
        )
    }

    static func object(_ response: HTTPTestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
    }

    /// Creates a link and returns its JSON object (requires a 201).
    static func create(
        _ catalog: LiveService,
        _ json: String,
        as identity: CallerIdentity = seller
    ) async throws
        -> [String: Any]
    {
        let response = try await send(catalog, "POST", "/api/v1/paylinks", as: identity, json: json)
        #expect(response.status == 201, "\(response.bodyText)")
        return try object(response)
    }

    static let premium = """
        {"title":"Premium Course","description":"Full access to all modules","priceType":"FIXED",
         "serviceType":"DIGITAL_PRODUCT","amount":4999,"collectName":true,"collectPhone":true,"requireQuantity":true,
         "maxQuantity":5,"successUrl":"https://seller.example/thanks","cancelUrl":"http://seller.example/cancel",
         "imageUrl":"https://cdn.example/p.png","fileUrl":"https://files.example/secret-module.zip",
         "thankYouMessage":"Mulțumim!"}
        """

    @Test func crudRoundTrip() async throws {
        try await Self.withCatalog { catalog in
            let created = try await Self.create(catalog, Self.premium)
            let id = try #require(created["id"] as? String)
            #expect(id == id.lowercased() && id.count == 36)
            #expect(created["title"] as? String == "Premium Course")
            #expect(created["slug"] as? String == "premium-course")
            #expect(created["description"] as? String == "Full access to all modules")
            #expect(created["priceType"] as? String == "FIXED")
            #expect(created["serviceType"] as? String == "DIGITAL_PRODUCT")
            #expect(created["amount"] as? Int == 4999)
            #expect(created["currency"] as? String == "RON")
            #expect(created["active"] as? Bool == true)
            #expect(created["collectEmail"] as? Bool == true)  // the default
            #expect(created["collectName"] as? Bool == true)
            #expect(created["collectPhone"] as? Bool == true)
            #expect(created["collectAddress"] as? Bool == false)
            #expect(created["maxQuantity"] as? Int == 5)
            #expect(created["fileUrl"] as? String == "https://files.example/secret-module.zip")
            #expect(created["thankYouMessage"] as? String == "Mulțumim!")
            #expect(created["totalRevenue"] as? Int == 0)
            #expect(created["totalTransactions"] as? Int == 0)
            let createdAt = try #require(created["createdAt"] as? String)
            #expect(createdAt.count == 24 && createdAt.hasSuffix("Z") && createdAt.contains("."))

            let read = try await Self.send(catalog, "GET", "/api/v1/paylinks/\(id)")
            #expect(read.status == 200)
            #expect(try Self.object(read)["title"] as? String == "Premium Course")
            #expect(try Self.object(read)["fileUrl"] as? String == "https://files.example/secret-module.zip")
            // Upper-case ids name the same link.
            #expect(try await Self.send(catalog, "GET", "/api/v1/paylinks/\(id.uppercased())").status == 200)

            let patched = try await Self.send(
                catalog,
                "PATCH",
                "/api/v1/paylinks/\(id)",
                json: #"{"title":"Updated Course Title","amount":5999,"description":null,"priceType":"FIXED"}"#
            )
            #expect(patched.status == 200, "\(patched.bodyText)")
            let updated = try Self.object(patched)
            #expect(updated["title"] as? String == "Updated Course Title")
            #expect(updated["amount"] as? Int == 5999)
            #expect(updated["description"] == nil)
            #expect(updated["slug"] as? String == "premium-course")  // a title change keeps the public URL
            #expect(updated["maxQuantity"] as? Int == 5)

            let toggled = try await Self.send(catalog, "POST", "/api/v1/paylinks/\(id)/toggle")
            #expect(toggled.status == 200)
            #expect(try Self.object(toggled)["active"] as? Bool == false)
            let hidden = try await Self.send(catalog, "GET", "/api/v1/paylinks/public/premium-course", as: .anonymous)
            #expect(hidden.status == 404)
            let back = try await Self.send(catalog, "POST", "/api/v1/paylinks/\(id)/toggle")
            #expect(try Self.object(back)["active"] as? Bool == true)
            let shown = try await Self.send(catalog, "GET", "/api/v1/paylinks/public/premium-course", as: .anonymous)
            #expect(shown.status == 200)
            #expect(try Self.object(shown)["title"] as? String == "Updated Course Title")

            let duplicate = try await Self.send(catalog, "POST", "/api/v1/paylinks/\(id)/duplicate")
            #expect(duplicate.status == 201)
            let copy = try Self.object(duplicate)
            let copyID = try #require(copy["id"] as? String)
            #expect(copyID != id)
            #expect(copy["slug"] as? String == "updated-course-title")
            #expect(copy["title"] as? String == "Updated Course Title")
            #expect(copy["amount"] as? Int == 5999)
            #expect(copy["fileUrl"] as? String == "https://files.example/secret-module.zip")
            let again = try Self.object(try await Self.send(catalog, "POST", "/api/v1/paylinks/\(id)/duplicate"))
            #expect(again["slug"] as? String == "updated-course-title-2")

            let deleted = try await Self.send(catalog, "DELETE", "/api/v1/paylinks/\(id)")
            #expect(deleted.status == 200)
            #expect(deleted.bodyText == #"{"message":"PayLink deleted"}"#)
            #expect(try await Self.send(catalog, "GET", "/api/v1/paylinks/\(id)").status == 404)
            #expect(try await Self.send(catalog, "DELETE", "/api/v1/paylinks/\(id)").status == 404)

            let list = try Self.object(try await Self.send(catalog, "GET", "/api/v1/paylinks"))
            let items = try #require(list["data"] as? [[String: Any]])
            #expect(items.compactMap { $0["id"] as? String } == [again["id"] as? String, copyID].compactMap { $0 })
            #expect(list["hasMore"] as? Bool == false)
            #expect(list["nextCursor"] is NSNull)
        }
    }

    @Test func currencyComesFromTheBodyElseTheRequest() async throws {
        try await Self.withCatalog { catalog in
            let euro = CallerIdentity(userID: Self.sellerID, role: .user, currency: "EUR")
            let body = #"{"name":"Yoga","priceType":"FLEXIBLE","serviceType":"SERVICE","minAmount":500}"#
            let fromHeader = try await Self.create(catalog, body, as: euro)
            #expect(fromHeader["currency"] as? String == "EUR")
            #expect(fromHeader["title"] as? String == "Yoga")
            #expect(fromHeader["priceType"] as? String == "PAY_WHAT_YOU_WANT")
            #expect(fromHeader["minAmount"] as? Int == 500)
            let fromBody = try await Self.create(
                catalog,
                #"{"title":"Yoga","priceType":"FREE","serviceType":"SERVICE","currency":"gbp"}"#,
                as: euro
            )
            #expect(fromBody["currency"] as? String == "GBP")
            #expect(fromBody["amount"] as? Int == 0)
            let recurring = try await Self.create(
                catalog,
                #"""
                {"name":"Club","slug":"club-monthly","priceType":"FIXED","paymentType":"RECURRING","amount":1500,
                 "recurringInterval":"month","trialDays":14}
                """#
            )
            #expect(recurring["serviceType"] as? String == "SUBSCRIPTION")
            #expect(recurring["slug"] as? String == "club-monthly")
            #expect(recurring["recurringInterval"] as? String == "month")
            #expect(recurring["trialDays"] as? Int == 14)
        }
    }

    @Test func twoHundredFiftyLinksPageInOrder() async throws {
        try await Self.withCatalog { catalog in
            let postgres = try #require(catalog.postgres)
            // 200 links with distinct times and 50 sharing one timestamp (ordered by id among themselves),
            // plus another seller's links that must never appear.
            try await postgres.execute(
                """
                INSERT INTO catalog.paylinks (id, seller_id, slug, title, price_type, service_type, amount, currency,
                    created_at)
                SELECT gen_random_uuid(), \(Self.sellerID)::uuid, 'bulk-' || n, 'Bulk ' || n, 'FIXED', 'SERVICE',
                    100 + n, 'RON',
                    CASE WHEN n <= 50 THEN timestamptz '2026-01-01 10:00:00.123456+00'
                         ELSE now() - n * interval '1 millisecond' - n * interval '7 microsecond' END
                FROM generate_series(1, 250) AS n
                """
            )
            try await postgres.execute(
                """
                INSERT INTO catalog.paylinks (id, seller_id, slug, title, price_type, service_type, amount, currency)
                SELECT gen_random_uuid(), \(Self.otherSeller.userID!)::uuid, 'other-' || n, 'Other', 'FIXED',
                    'SERVICE', 100, 'RON'
                FROM generate_series(1, 30) AS n
                """
            )
            let expected = try await postgres.query(
                """
                SELECT id::text FROM catalog.paylinks WHERE seller_id = \(Self.sellerID)::uuid
                ORDER BY created_at DESC, id DESC
                """
            ).map { try $0.decode(String.self, column: 0) }
            #expect(expected.count == 250)

            var seen: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let query = cursor.map { "&cursor=\($0)" } ?? ""
                let response = try await Self.send(catalog, "GET", "/api/v1/paylinks?limit=100\(query)")
                #expect(response.status == 200, "\(response.bodyText)")
                let page = try Self.object(response)
                let data = try #require(page["data"] as? [[String: Any]])
                seen += data.compactMap { $0["id"] as? String }
                let hasMore = try #require(page["hasMore"] as? Bool)
                cursor = page["nextCursor"] as? String
                #expect(hasMore == (cursor != nil))
                #expect(data.count == (hasMore ? 100 : 50))
                pages += 1
            } while cursor != nil && pages < 10
            #expect(pages == 3)
            #expect(seen.count == 250)
            #expect(Set(seen).count == 250)
            #expect(seen == expected)

            // The default page is 20.
            let first = try Self.object(try await Self.send(catalog, "GET", "/api/v1/paylinks"))
            #expect((first["data"] as? [Any])?.count == 20)
            #expect(first["hasMore"] as? Bool == true)
        }
    }

    @Test func badCursorsAndLimitsAre400() async throws {
        try await Self.withCatalog { catalog in
            _ = try await Self.create(catalog, Self.premium)
            let bad = [
                "limit=0", "limit=1000", "limit=101", "limit=-1", "limit=abc", "limit=", "limit=1.5",
                "cursor=not-a-cursor", "cursor=%00", "cursor=" + String(repeating: "A", count: 300),
                "cursor=MTIzOm5vdC1hLXV1aWQ",  // "123:not-a-uuid"
                "cursor=eyJpZCI6IjEifQ",  // {"id":"1"}
                "cursor=OTIyMzM3MjAzNjg1NDc3NTgwNzowMTkzN2E3ZS0wMDAwLTcwMDAtODAwMC0wMDAwMDAwMDAwYWE",  // Int64.max µs
                "cursor=LTU6MDE5MzdhN2UtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMGFh",  // negative time
            ]
            for query in bad {
                let response = try await Self.send(catalog, "GET", "/api/v1/paylinks?\(query)")
                #expect(response.status == 400, "\(query)")
                #expect(response.bodyText.contains("VALIDATION_ERROR"), "\(query)")
                let field = query.hasPrefix("limit") ? "limit" : "cursor"
                #expect(response.bodyText.contains(field), "\(query): \(response.bodyText)")
            }
            #expect(try await Self.send(catalog, "GET", "/api/v1/paylinks?limit=1").status == 200)
            #expect(try await Self.send(catalog, "GET", "/api/v1/paylinks?limit=100").status == 200)
        }
    }

    @Test func anotherSellersLinkIs404OnEveryRoute() async throws {
        try await Self.withCatalog { catalog in
            let created = try await Self.create(catalog, Self.premium)
            let id = try #require(created["id"] as? String)
            let routes: [(String, String, String?)] = [
                ("GET", "/api/v1/paylinks/\(id)", nil),
                ("PATCH", "/api/v1/paylinks/\(id)", #"{"title":"Stolen"}"#),
                ("DELETE", "/api/v1/paylinks/\(id)", nil),
                ("POST", "/api/v1/paylinks/\(id)/duplicate", nil),
                ("POST", "/api/v1/paylinks/\(id)/toggle", nil),
            ]
            for (method, target, body) in routes {
                let response = try await Self.send(catalog, method, target, as: Self.otherSeller, json: body)
                #expect(response.status == 404, "\(method) \(target)")
                #expect(response.bodyText == #"{"error":{"message":"PayLink not found","code":"NOT_FOUND"}}"#)
                for malformed in ["nope", "1", "\(id)x", "01937a7e-0000-7000-8000-00000000zzzz"] {
                    let path = target.replacingOccurrences(of: id, with: malformed)
                    let probe = try await Self.send(catalog, method, path, json: body)
                    #expect(probe.status == 404, "\(method) \(path)")
                }
                let anonymous = try await Self.send(catalog, method, target, as: .anonymous, json: body)
                #expect(anonymous.status == 401, "\(method) \(target)")
            }
            let otherList = try Self.object(
                try await Self.send(catalog, "GET", "/api/v1/paylinks", as: Self.otherSeller)
            )
            #expect((otherList["data"] as? [Any])?.isEmpty == true)
            // Nothing changed for the owner.
            let mine = try Self.object(try await Self.send(catalog, "GET", "/api/v1/paylinks/\(id)"))
            #expect(mine["title"] as? String == "Premium Course")
            #expect(mine["active"] as? Bool == true)
            let list = try Self.object(try await Self.send(catalog, "GET", "/api/v1/paylinks"))
            #expect((list["data"] as? [Any])?.count == 1)
            #expect(try await Self.send(catalog, "GET", "/api/v1/paylinks", as: .anonymous).status == 401)
            #expect(
                try await Self.send(catalog, "POST", "/api/v1/paylinks", as: .anonymous, json: Self.premium).status
                    == 401
            )
        }
    }

    @Test func publicObjectsNeverCarryTheFileURL() async throws {
        try await Self.withCatalog { catalog in
            let created = try await Self.create(catalog, Self.premium)
            let paused = try await Self.create(
                catalog,
                #"{"title":"Paused","priceType":"FREE","serviceType":"SERVICE","active":false}"#
            )
            #expect(paused["active"] as? Bool == false)
            let single = try await Self.send(catalog, "GET", "/api/v1/paylinks/public/premium-course", as: .anonymous)
            #expect(single.status == 200)
            #expect(try Self.object(single)["title"] as? String == "Premium Course")
            let list = try await Self.send(catalog, "GET", "/api/v1/paylinks/public", as: .anonymous)
            #expect(list.status == 200)
            let items = try #require(try Self.object(list)["items"] as? [[String: Any]])
            #expect(items.compactMap { $0["slug"] as? String } == ["premium-course"])
            #expect(Set(items.flatMap(\.keys)) == ["slug", "updatedAt"])
            for response in [single, list] {
                #expect(!response.bodyText.contains("secret-module"))
                #expect(!response.bodyText.contains("files.example"))
                #expect(!response.bodyText.contains("fileUrl"))
                #expect(!response.bodyText.contains(Self.sellerID))
                #expect(!response.bodyText.contains("0000000000aa"))
                #expect(!response.bodyText.contains("totalRevenue"))
            }
            #expect(created["fileUrl"] as? String == "https://files.example/secret-module.zip")
        }
    }

    /// Bad bodies and the field each 400 must name.
    static let badCreates: [(String, String)] = [
        (#"{"priceType":"FIXED","serviceType":"SERVICE","amount":100}"#, "title"),
        (#"{"title":"","priceType":"FIXED","serviceType":"SERVICE","amount":100}"#, "title"),
        (#"{"title":"   ","priceType":"FIXED","serviceType":"SERVICE","amount":100}"#, "title"),
        (#"{"title":42,"priceType":"FIXED","serviceType":"SERVICE","amount":100}"#, "title"),
        (
            "{\"title\":\"\(String(repeating: "x", count: 201))\",\"priceType\":\"FREE\",\"serviceType\":\"SERVICE\"}",
            "title"
        ),
        (#"{"title":"a\u0007b","priceType":"FREE","serviceType":"SERVICE"}"#, "title"),
        (#"{"name":7,"priceType":"FREE","serviceType":"SERVICE"}"#, "name"),
        (#"{"title":"T","serviceType":"SERVICE","amount":100}"#, "priceType"),
        (#"{"title":"T","priceType":"CHEAP","serviceType":"SERVICE","amount":100}"#, "priceType"),
        (#"{"title":"T","priceType":"FIXED","amount":100}"#, "serviceType"),
        (#"{"title":"T","priceType":"FIXED","serviceType":"COURSE","amount":100}"#, "serviceType"),
        (#"{"title":"T","priceType":"FIXED","serviceType":"SERVICE"}"#, "amount"),
        (#"{"title":"T","priceType":"FIXED","serviceType":"SERVICE","amount":0}"#, "amount"),
        (#"{"title":"T","priceType":"FIXED","serviceType":"SERVICE","amount":-5}"#, "amount"),
        (#"{"title":"T","priceType":"FIXED","serviceType":"SERVICE","amount":49.99}"#, "amount is in minor units"),
        (#"{"title":"T","priceType":"FIXED","serviceType":"SERVICE","amount":"4999"}"#, "amount"),
        (#"{"title":"T","priceType":"FIXED","serviceType":"SERVICE","amount":99999999999999}"#, "amount"),
        (#"{"title":"T","priceType":"FIXED","serviceType":"SERVICE","amount":1e30}"#, "amount"),
        (#"{"title":"T","priceType":"FREE","serviceType":"SERVICE","amount":100}"#, "amount"),
        (#"{"title":"T","priceType":"FIXED","serviceType":"SERVICE","amount":100,"currency":"USD"}"#, "currency"),
        (#"{"title":"T","priceType":"FIXED","serviceType":"SERVICE","amount":100,"currency":1}"#, "currency"),
        (#"{"title":"T","priceType":"FIXED","serviceType":"SERVICE","amount":100,"minAmount":50}"#, "minAmount"),
        (#"{"title":"T","priceType":"PAY_WHAT_YOU_WANT","serviceType":"SERVICE","minAmount":1.5}"#, "minAmount"),
        (#"{"title":"T","priceType":"PAY_WHAT_YOU_WANT","serviceType":"SERVICE","minAmount":-1}"#, "minAmount"),
        (
            #"{"title":"T","priceType":"PAY_WHAT_YOU_WANT","serviceType":"SERVICE","minAmount":500,"amount":100}"#,
            "minAmount"
        ),
        (#"{"title":"T","priceType":"FREE","serviceType":"SERVICE","collectEmail":"yes"}"#, "collectEmail"),
        (#"{"title":"T","priceType":"FREE","serviceType":"SERVICE","collectName":1}"#, "collectName"),
        (#"{"title":"T","priceType":"FREE","serviceType":"SERVICE","collectPhone":null}"#, "collectPhone"),
        (#"{"title":"T","priceType":"FREE","serviceType":"SERVICE","collectAddress":"no"}"#, "collectAddress"),
        (#"{"title":"T","priceType":"FREE","serviceType":"SERVICE","requireQuantity":0}"#, "requireQuantity"),
        (#"{"title":"T","priceType":"FREE","serviceType":"SERVICE","maxQuantity":0}"#, "maxQuantity"),
        (#"{"title":"T","priceType":"FREE","serviceType":"SERVICE","maxQuantity":2.5}"#, "maxQuantity"),
        (#"{"title":"T","priceType":"FREE","serviceType":"SERVICE","successUrl":"javascript:alert(1)"}"#, "successUrl"),
        (#"{"title":"T","priceType":"FREE","serviceType":"SERVICE","cancelUrl":"ftp://x.example/a"}"#, "cancelUrl"),
        (#"{"title":"T","priceType":"FREE","serviceType":"SERVICE","imageUrl":"https://"}"#, "imageUrl"),
        (
            #"{"title":"T","priceType":"FREE","serviceType":"SERVICE","fileUrl":"https://bank.ro@evil.example/x"}"#,
            "fileUrl"
        ),
        (#"{"title":"T","priceType":"FREE","serviceType":"SERVICE","fileUrl":"https://a b.example/"}"#, "fileUrl"),
        (#"{"title":"T","priceType":"FREE","serviceType":"SERVICE","imageUrl":"/relative.png"}"#, "imageUrl"),
        (
            "{\"title\":\"T\",\"priceType\":\"FREE\",\"serviceType\":\"SERVICE\",\"successUrl\":\"https://x.example/\(String(repeating: "a", count: 2100))\"}",
            "successUrl"
        ),
        (
            "{\"title\":\"T\",\"priceType\":\"FREE\",\"serviceType\":\"SERVICE\",\"thankYouMessage\":\"\(String(repeating: "m", count: 2001))\"}",
            "thankYouMessage"
        ),
        (
            "{\"title\":\"T\",\"priceType\":\"FREE\",\"serviceType\":\"SERVICE\",\"description\":\"\(String(repeating: "d", count: 5001))\"}",
            "description"
        ),
        (#"{"title":"T","priceType":"FIXED","serviceType":"SUBSCRIPTION","amount":100}"#, "recurringInterval"),
        (
            #"{"title":"T","priceType":"FIXED","serviceType":"SUBSCRIPTION","amount":100,"recurringInterval":"week"}"#,
            "recurringInterval"
        ),
        (
            #"{"title":"T","priceType":"FIXED","serviceType":"SERVICE","amount":100,"recurringInterval":"month"}"#,
            "recurringInterval"
        ),
        (
            #"{"title":"T","priceType":"FIXED","serviceType":"SUBSCRIPTION","amount":100,"recurringInterval":"month","trialDays":366}"#,
            "trialDays"
        ),
        (
            #"{"title":"T","priceType":"FIXED","serviceType":"SUBSCRIPTION","amount":100,"recurringInterval":"month","trialDays":-1}"#,
            "trialDays"
        ),
        (#"{"title":"T","priceType":"FIXED","serviceType":"SERVICE","amount":100,"trialDays":7}"#, "trialDays"),
        (
            #"{"title":"T","priceType":"FIXED","serviceType":"SERVICE","amount":100,"paymentType":"RECURRING"}"#,
            "paymentType"
        ),
        (
            #"{"title":"T","priceType":"FIXED","serviceType":"SERVICE","amount":100,"paymentType":"WEEKLY"}"#,
            "paymentType"
        ),
        (#"{"title":"T","priceType":"FREE","serviceType":"SERVICE","active":"true"}"#, "active"),
        (#"{"title":"T","priceType":"FREE","serviceType":"SERVICE","slug":"ab"}"#, "slug"),
        (#"{"title":"T","priceType":"FREE","serviceType":"SERVICE","slug":"Bad Slug"}"#, "slug"),
        (#"{"title":"T","priceType":"FREE","serviceType":"SERVICE","slug":"dashboard"}"#, "slug"),
        (#"{"title":"T","priceType":"FREE","serviceType":"SERVICE","slug":12}"#, "slug"),
        (#"["title"]"#, "JSON object"),
    ]

    static let badUpdates: [(String, String)] = [
        (#"{"title":null}"#, "title"),
        (#"{"title":""}"#, "title"),
        (#"{"priceType":"FREE"}"#, "priceType"),
        (#"{"serviceType":"SUBSCRIPTION"}"#, "serviceType"),
        (#"{"amount":0}"#, "amount"),
        (#"{"amount":12.5}"#, "amount is in minor units"),
        (#"{"currency":"XYZ"}"#, "currency"),
        (#"{"minAmount":10}"#, "minAmount"),
        (#"{"successUrl":"mailto:a@b.c"}"#, "successUrl"),
        (#"{"recurringInterval":"month"}"#, "recurringInterval"),
        (#"{"maxQuantity":100000}"#, "maxQuantity"),
        (#"{"slug":"api"}"#, "slug"),
    ]

    @Test func validationTableEveryBadBodyIsA400NamingTheField() async throws {
        #expect(Self.badCreates.count + Self.badUpdates.count >= 30)
        try await Self.withCatalog { catalog in
            for (body, field) in Self.badCreates {
                let response = try await Self.send(catalog, "POST", "/api/v1/paylinks", json: body)
                #expect(response.status == 400, "\(body.prefix(120)): \(response.bodyText)")
                let error = try #require(try Self.object(response)["error"] as? [String: String])
                #expect(error["code"] == "VALIDATION_ERROR", "\(body.prefix(120))")
                #expect(error["message"]?.contains(field) == true, "\(body.prefix(120)): \(error["message"] ?? "")")
            }
            let created = try await Self.create(catalog, Self.premium)
            let id = try #require(created["id"] as? String)
            for (body, field) in Self.badUpdates {
                let response = try await Self.send(catalog, "PATCH", "/api/v1/paylinks/\(id)", json: body)
                #expect(response.status == 400, "\(body): \(response.bodyText)")
                let error = try #require(try Self.object(response)["error"] as? [String: String])
                #expect(error["message"]?.contains(field) == true, "\(body): \(error["message"] ?? "")")
            }
            // Nothing was created or changed by the bad bodies.
            let list = try Self.object(try await Self.send(catalog, "GET", "/api/v1/paylinks"))
            #expect((list["data"] as? [Any])?.count == 1)
            let unchanged = try Self.object(try await Self.send(catalog, "GET", "/api/v1/paylinks/\(id)"))
            #expect(unchanged["amount"] as? Int == 4999)
            #expect(unchanged["slug"] as? String == "premium-course")
            // Not JSON at all, and the wrong media type.
            let garbage = try await Self.send(catalog, "POST", "/api/v1/paylinks", json: "{nope")
            #expect(garbage.status == 400)
            let form = try await catalog.request(
                "POST",
                "/api/v1/paylinks",
                as: Self.seller,
                headers: [("Content-Type", "application/x-www-form-urlencoded")],
                body: Array("title=x".utf8)
            )
            #expect(form.status == 415)
        }
    }

    @Test func slugsAreUniqueWithSuffixesAndCustomOnesConflict() async throws {
        try await Self.withCatalog { catalog in
            let body = #"{"title":"Curs de gătit: Învață ȘI ţese","priceType":"FREE","serviceType":"SERVICE"}"#
            var slugs: [String] = []
            for _ in 0..<3 { slugs.append(try #require(try await Self.create(catalog, body)["slug"] as? String)) }
            #expect(
                slugs == [
                    "curs-de-gatit-invata-si-tese", "curs-de-gatit-invata-si-tese-2", "curs-de-gatit-invata-si-tese-3",
                ]
            )
            // Another seller's title collides too: slugs are platform-wide.
            let other = try await Self.create(catalog, body, as: Self.otherSeller)
            #expect(other["slug"] as? String == "curs-de-gatit-invata-si-tese-4")

            let custom = #"{"title":"X","slug":"my-custom-link","priceType":"FREE","serviceType":"SERVICE"}"#
            #expect(try await Self.create(catalog, custom)["slug"] as? String == "my-custom-link")
            let taken = try await Self.send(catalog, "POST", "/api/v1/paylinks", as: Self.otherSeller, json: custom)
            #expect(taken.status == 409)
            #expect(taken.bodyText.contains("slug"))
            // A generated slug steps around custom ones.
            let generated = try await Self.create(
                catalog,
                #"{"title":"My Custom Link","priceType":"FREE","serviceType":"SERVICE"}"#
            )
            #expect(generated["slug"] as? String == "my-custom-link-2")
            // Renaming onto a taken slug is a 409; onto a free one works.
            let id = try #require(generated["id"] as? String)
            let clash = try await Self.send(
                catalog,
                "PATCH",
                "/api/v1/paylinks/\(id)",
                json: #"{"slug":"my-custom-link"}"#
            )
            #expect(clash.status == 409)
            let renamed = try await Self.send(
                catalog,
                "PATCH",
                "/api/v1/paylinks/\(id)",
                json: #"{"slug":"fresh-name"}"#
            )
            #expect(try Self.object(renamed)["slug"] as? String == "fresh-name")
            let reserved = try await Self.create(
                catalog,
                #"{"title":"Admin","priceType":"FREE","serviceType":"SERVICE"}"#
            )
            #expect(reserved["slug"] as? String == "admin-link")
        }
    }

    @Test func concurrentCreatesOfOneCustomSlugLetExactlyOneWin() async throws {
        try await Self.withCatalog { catalog in
            let body = #"{"title":"Race","slug":"the-race","priceType":"FREE","serviceType":"SERVICE"}"#
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<8 {
                    let seller = CallerIdentity(userID: "01937a7e-0000-7000-8000-00000000010\(index)", role: .user)
                    group.addTask {
                        try await Self.send(catalog, "POST", "/api/v1/paylinks", as: seller, json: body).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 201 }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == 409 }.count == 7, "\(statuses)")
            let postgres = try #require(catalog.postgres)
            let count = try await postgres.query("SELECT count(*) FROM catalog.paylinks WHERE slug = 'the-race'")
            #expect(try count[0].decode(Int64.self, column: 0) == 1)
        }
    }

    static func pay(
        _ catalog: LiveService,
        _ id: String,
        transaction: String,
        amount: Int,
        currency: String = "RON",
        as identity: CallerIdentity = payments
    ) async throws -> HTTPTestResponse {
        try await send(
            catalog,
            "POST",
            "/api/v1/internal/paylinks/\(id)/payments",
            as: identity,
            json: #"{"transactionId":"\#(transaction)","amountMinor":\#(amount),"currency":"\#(currency)"}"#
        )
    }

    @Test func deletingKeepsPaidLinksArchivedAndErasesTheRest() async throws {
        try await Self.withCatalog { catalog in
            let postgres = try #require(catalog.postgres)
            let unpaid = try #require(try await Self.create(catalog, Self.premium)["id"] as? String)
            let paidLink = try await Self.create(
                catalog,
                #"{"title":"Paid","slug":"paid-link","priceType":"FIXED","serviceType":"SERVICE","amount":2500}"#
            )
            let paid = try #require(paidLink["id"] as? String)
            #expect(try await Self.pay(catalog, paid, transaction: "pi_1", amount: 2500).status == 200)

            #expect(try await Self.send(catalog, "DELETE", "/api/v1/paylinks/\(unpaid)").status == 200)
            #expect(try await Self.send(catalog, "DELETE", "/api/v1/paylinks/\(paid)").status == 200)
            let rows = try await postgres.query(
                "SELECT id::text, archived_at IS NOT NULL, active FROM catalog.paylinks ORDER BY created_at"
            )
            #expect(rows.count == 1)
            let (id, archived, active) = try rows[0].decode((String, Bool, Bool).self)
            #expect(id == paid && archived && !active)
            // Archived: gone for the seller and the public, its slug still taken.
            #expect(try await Self.send(catalog, "GET", "/api/v1/paylinks/\(paid)").status == 404)
            #expect(try await Self.send(catalog, "POST", "/api/v1/paylinks/\(paid)/toggle").status == 404)
            #expect(
                try await Self.send(catalog, "GET", "/api/v1/paylinks/public/paid-link", as: .anonymous).status == 404
            )
            let list = try Self.object(try await Self.send(catalog, "GET", "/api/v1/paylinks"))
            #expect((list["data"] as? [Any])?.isEmpty == true)
            let sitemap = try await Self.send(catalog, "GET", "/api/v1/paylinks/public", as: .anonymous)
            #expect(!sitemap.bodyText.contains("paid-link"))
            let reuse = #"{"title":"X","slug":"paid-link","priceType":"FREE","serviceType":"SERVICE"}"#
            #expect(try await Self.send(catalog, "POST", "/api/v1/paylinks", json: reuse).status == 409)
            // A late payment of the archived link still counts.
            #expect(try await Self.pay(catalog, paid, transaction: "pi_2", amount: 100).status == 200)
        }
    }

    @Test func countersAreIdempotentPerTransaction() async throws {
        try await Self.withCatalog { catalog in
            let link = try await Self.create(catalog, Self.premium)
            let id = try #require(link["id"] as? String)

            let first = try await Self.pay(catalog, id, transaction: "pi_A", amount: 4999)
            #expect(first.status == 200, "\(first.bodyText)")
            #expect(
                first.bodyText
                    == #"{"counted":true,"payLinkId":"\#(id)","totalRevenue":4999,"totalTransactions":1}"#
            )
            let replay = try await Self.pay(catalog, id, transaction: "pi_A", amount: 4999)
            #expect(
                replay.bodyText
                    == #"{"counted":false,"payLinkId":"\#(id)","totalRevenue":4999,"totalTransactions":1}"#
            )
            let second = try Self.object(try await Self.pay(catalog, id, transaction: "pi_B", amount: 1001))
            #expect(second["totalRevenue"] as? Int == 6000)
            #expect(second["totalTransactions"] as? Int == 2)

            // Concurrent replays of one new transaction count once.
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<6 {
                    group.addTask { try await Self.pay(catalog, id, transaction: "pi_C", amount: 1000).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 200, count: 6))

            #expect(try await Self.pay(catalog, id, transaction: "pi_A", amount: 1).status == 409)
            #expect(try await Self.pay(catalog, id, transaction: "pi_D", amount: 100, currency: "EUR").status == 400)
            // A replay of a counted transaction in another currency is a conflict, like any other difference.
            #expect(try await Self.pay(catalog, id, transaction: "pi_A", amount: 4999, currency: "EUR").status == 409)
            #expect(try await Self.pay(catalog, id, transaction: "pi_E", amount: -1).status == 400)
            #expect(try await Self.pay(catalog, id, transaction: "", amount: 1).status == 400)
            #expect(try await Self.pay(catalog, id, transaction: "pi\\u0000x", amount: 1).status == 400)
            let unknown = "01937a7e-0000-7000-8000-000000000fff"
            #expect(try await Self.pay(catalog, unknown, transaction: "pi_F", amount: 1).status == 404)
            #expect(try await Self.pay(catalog, id, transaction: "pi_G", amount: 1, as: Self.seller).status == 403)
            #expect(try await Self.pay(catalog, id, transaction: "pi_H", amount: 1, as: .anonymous).status == 403)

            let listed = try Self.object(try await Self.send(catalog, "GET", "/api/v1/paylinks"))
            let item = try #require((listed["data"] as? [[String: Any]])?.first)
            #expect(item["totalRevenue"] as? Int == 7000)
            #expect(item["totalTransactions"] as? Int == 3)
            // A paid link's currency is frozen; other fields still change.
            let currency = try await Self.send(catalog, "PATCH", "/api/v1/paylinks/\(id)", json: #"{"currency":"EUR"}"#)
            #expect(currency.status == 409)
            let title = try await Self.send(catalog, "PATCH", "/api/v1/paylinks/\(id)", json: #"{"title":"Still"}"#)
            #expect(title.status == 200)
            // A duplicate starts from zero.
            let copy = try Self.object(try await Self.send(catalog, "POST", "/api/v1/paylinks/\(id)/duplicate"))
            #expect(copy["totalRevenue"] as? Int == 0)
            #expect(copy["totalTransactions"] as? Int == 0)
        }
    }
}
