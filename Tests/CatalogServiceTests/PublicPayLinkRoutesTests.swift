import CatalogService
import Foundation
import LogKit
import Postgres
import ServiceIdentity
import TestSupport
import Testing

@Suite(.enabled(if: PostgresTestEnvironment.isEnabled, "needs PostgreSQL: scripts/with-postgres.sh swift test"))
struct PublicPayLinkRoutesTests {
    private static let seller = CallerIdentity(userID: "01937a7e-0000-7000-8000-0000000000aa", role: .user)

    private func withCatalog(_ body: (LiveService) async throws -> Void) async throws {
        try await LiveService.withService(
            name: "catalog",
            database: true,
            logger: .init(label: "t", level: .error),
            build: CatalogService.make,
            body
        )
    }

    private func insert(
        _ postgres: PostgresClient,
        slug: String,
        active: Bool = true,
        archived: Bool = false
    ) async throws {
        try await postgres.execute(
            """
            INSERT INTO catalog.paylinks (id, seller_id, slug, title, description, price_type, service_type, amount,
                currency, file_url, success_url, active, archived_at)
            VALUES (gen_random_uuid(), '01937a7e-0000-7000-8000-0000000000aa', \(slug), 'Premium Course',
                'All modules', 'FIXED', 'DIGITAL_PRODUCT', 4999, 'RON', 'https://files.example/secret-file.zip',
                'https://seller.example/thanks', \(active), \(archived ? Date() : nil))
            """
        )
    }

    @Test func servesThePublicObjectWithoutPrivateFields() async throws {
        try await withCatalog { catalog in
            let postgres = try #require(catalog.postgres)
            try await insert(postgres, slug: "premium-course")
            let response = try await catalog.request("GET", "/api/v1/paylinks/public/premium-course", as: .anonymous)
            #expect(response.status == 200)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
            #expect(object["slug"] as? String == "premium-course")
            #expect(object["title"] as? String == "Premium Course")
            #expect(object["amount"] as? Int == 4999)
            #expect(object["currency"] as? String == "RON")
            #expect(object["priceType"] as? String == "FIXED")
            #expect(object["collectEmail"] as? Bool == true)
            #expect(object["successUrl"] as? String == "https://seller.example/thanks")
            #expect((object["createdAt"] as? String)?.hasSuffix("Z") == true)
            // Nothing private, anywhere in the bytes.
            #expect(!response.bodyText.contains("secret-file"))
            #expect(!response.bodyText.contains("0000000000aa"))
            #expect(object["fileUrl"] == nil && object["sellerId"] == nil)
        }
    }

    @Test func unknownInactiveArchivedAndOversizedSlugsAre404() async throws {
        try await withCatalog { catalog in
            let postgres = try #require(catalog.postgres)
            try await insert(postgres, slug: "paused", active: false)
            try await insert(postgres, slug: "gone", archived: true)
            for slug in ["nope", "paused", "gone", String(repeating: "a", count: 500), "%00", "PAUSED"] {
                let response = try await catalog.request("GET", "/api/v1/paylinks/public/\(slug)", as: .anonymous)
                #expect(response.status == 404, "\(slug)")
                #expect(response.bodyText == #"{"error":{"message":"PayLink not found","code":"NOT_FOUND"}}"#)
            }
        }
    }

    @Test func everyRouteRequiresTheGatewaysAssertion() async throws {
        try await withCatalog { catalog in
            let postgres = try #require(catalog.postgres)
            try await insert(postgres, slug: "premium-course")
            for target in ["/api/v1/ping", "/api/v1/paylinks/public/premium-course"] {
                let without = try await catalog.request("GET", target, as: nil)
                #expect(without.status == 401)
                #expect(without.bodyText == #"{"error":{"message":"Unauthorized","code":"UNAUTHORIZED"}}"#)
                let forPayments = IdentityAssertion(
                    identity: Self.seller,
                    audience: "payments",
                    requestID: "r",
                    expiresAt: Int64(Date().timeIntervalSince1970) + 60
                ).encoded(with: catalog.keys)
                let misaddressed = try await catalog.request(
                    "GET",
                    target,
                    as: nil,
                    headers: [("X-PayLinks-Identity", forPayments)]
                )
                #expect(misaddressed.status == 401)
                let with = try await catalog.request("GET", target, as: Self.seller)
                #expect(with.status == 200)
            }
            let ping = try await catalog.request("GET", "/api/v1/ping", as: .anonymous)
            #expect(ping.bodyText == "pong")
            #expect(ping.header("Content-Type") == "text/plain; charset=utf-8")
            // Health stays open: the launcher and orchestrators probe it directly.
            #expect(try await catalog.request("GET", "/healthz", as: nil).status == 200)
        }
    }
}
