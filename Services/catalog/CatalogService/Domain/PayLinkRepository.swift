import Foundation
import Postgres

/// Reads and writes payment links.
protocol PayLinkRepository: Sendable {
    /// The active, unarchived link with `slug`, as the public may see it.
    func publicPayLink(slug: String) async throws -> PublicPayLink?
}

/// ``PayLinkRepository`` on the `catalog` schema.
struct PostgresPayLinkRepository: PayLinkRepository {
    let postgres: PostgresClient

    func publicPayLink(slug: String) async throws -> PublicPayLink? {
        let rows = try await postgres.query(
            """
            SELECT id, slug, title, description, price_type, service_type, amount, currency, min_amount,
                   collect_email, collect_name, collect_phone, collect_address, require_quantity, max_quantity,
                   success_url, cancel_url, image_url, thank_you_message, recurring_interval, trial_days,
                   created_at, updated_at
            FROM catalog.paylinks
            WHERE slug = \(slug) AND active AND archived_at IS NULL
            """
        )
        guard let row = rows.first else { return nil }
        let (id, slug, title, description, priceType, serviceType, amount, currency, minAmount) = try row.decode(
            (UUID, String, String, String?, String, String, Int64, String, Int64?).self
        )
        var link = PublicPayLink(
            id: id,
            slug: slug,
            title: title,
            description: description,
            priceType: priceType,
            serviceType: serviceType,
            amount: amount,
            currency: currency,
            minAmount: minAmount,
            collectEmail: true,
            collectName: false,
            collectPhone: false,
            collectAddress: false,
            requireQuantity: false,
            active: true,
            createdAt: Date(),
            updatedAt: Date()
        )
        link.collectEmail = try row.decode(Bool.self, column: 9)
        link.collectName = try row.decode(Bool.self, column: 10)
        link.collectPhone = try row.decode(Bool.self, column: 11)
        link.collectAddress = try row.decode(Bool.self, column: 12)
        link.requireQuantity = try row.decode(Bool.self, column: 13)
        link.maxQuantity = try row.decode(Int?.self, column: 14)
        link.successUrl = try row.decode(String?.self, column: 15)
        link.cancelUrl = try row.decode(String?.self, column: 16)
        link.imageUrl = try row.decode(String?.self, column: 17)
        link.thankYouMessage = try row.decode(String?.self, column: 18)
        link.recurringInterval = try row.decode(String?.self, column: 19)
        link.trialDays = try row.decode(Int?.self, column: 20)
        link.createdAt = try row.decode(Date.self, column: 21)
        link.updatedAt = try row.decode(Date.self, column: 22)
        return link
    }
}
