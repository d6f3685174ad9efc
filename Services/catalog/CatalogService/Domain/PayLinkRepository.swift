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
        var column = 0
        func next<Value: PostgresDecodable>(_: Value.Type = Value.self) throws -> Value {
            defer { column += 1 }
            return try row.decode(Value.self, column: column)
        }
        let link = PublicPayLink(
            id: try next(),
            slug: try next(),
            title: try next(),
            description: try next(),
            priceType: try next(),
            serviceType: try next(),
            amount: try next(),
            currency: try next(),
            minAmount: try next(),
            collectEmail: try next(),
            collectName: try next(),
            collectPhone: try next(),
            collectAddress: try next(),
            requireQuantity: try next(),
            maxQuantity: try next(),
            successUrl: try next(),
            cancelUrl: try next(),
            imageUrl: try next(),
            thankYouMessage: try next(),
            recurringInterval: try next(),
            trialDays: try next(),
            active: true,
            createdAt: try next(),
            updatedAt: try next()
        )
        return link
    }
}
