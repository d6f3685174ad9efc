import Cryptography
import Foundation
import Postgres

/// The fields of a payment link a seller sets (create and `PATCH`), with the seed's defaults.
struct PayLinkFields: Sendable, Equatable {
    var title = ""
    var description: String?
    var priceType = ""
    var serviceType = ""
    var amount: Int64 = 0
    var currency = "RON"
    var minAmount: Int64?
    var collectEmail = true
    var collectName = false
    var collectPhone = false
    var collectAddress = false
    var requireQuantity = false
    var maxQuantity: Int?
    var successUrl: String?
    var cancelUrl: String?
    var imageUrl: String?
    var fileUrl: String?
    var thankYouMessage: String?
    var recurringInterval: String?
    var trialDays: Int?
    var active = true
}

/// A payment link as its seller sees it (every field, `fileUrl` included, and the payment counters).
///
/// Encoded with the API Reference names; absent optional fields are left out.
struct PayLink: Encodable, Sendable {
    /// The link's id, lowercase.
    var id: String
    var slug: String
    var fields: PayLinkFields
    /// The sum of counted payments, in minor units of the link's currency.
    var totalRevenue: Int64
    var totalTransactions: Int64
    var everPaid: Bool
    var createdAt: Date
    var updatedAt: Date
    /// `created_at` in microseconds since the Unix epoch: the exact position for cursors.
    var createdAtMicros: Int64

    private enum CodingKeys: String, CodingKey {
        case id, slug, title, description, priceType, serviceType, amount, currency, minAmount
        case collectEmail, collectName, collectPhone, collectAddress, requireQuantity, maxQuantity
        case successUrl, cancelUrl, imageUrl, fileUrl, thankYouMessage, recurringInterval, trialDays
        case active, totalRevenue, totalTransactions, createdAt, updatedAt
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(slug, forKey: .slug)
        try container.encode(fields.title, forKey: .title)
        try container.encodeIfPresent(fields.description, forKey: .description)
        try container.encode(fields.priceType, forKey: .priceType)
        try container.encode(fields.serviceType, forKey: .serviceType)
        try container.encode(fields.amount, forKey: .amount)
        try container.encode(fields.currency, forKey: .currency)
        try container.encodeIfPresent(fields.minAmount, forKey: .minAmount)
        try container.encode(fields.collectEmail, forKey: .collectEmail)
        try container.encode(fields.collectName, forKey: .collectName)
        try container.encode(fields.collectPhone, forKey: .collectPhone)
        try container.encode(fields.collectAddress, forKey: .collectAddress)
        try container.encode(fields.requireQuantity, forKey: .requireQuantity)
        try container.encodeIfPresent(fields.maxQuantity, forKey: .maxQuantity)
        try container.encodeIfPresent(fields.successUrl, forKey: .successUrl)
        try container.encodeIfPresent(fields.cancelUrl, forKey: .cancelUrl)
        try container.encodeIfPresent(fields.imageUrl, forKey: .imageUrl)
        try container.encodeIfPresent(fields.fileUrl, forKey: .fileUrl)
        try container.encodeIfPresent(fields.thankYouMessage, forKey: .thankYouMessage)
        try container.encodeIfPresent(fields.recurringInterval, forKey: .recurringInterval)
        try container.encodeIfPresent(fields.trialDays, forKey: .trialDays)
        try container.encode(fields.active, forKey: .active)
        try container.encode(totalRevenue, forKey: .totalRevenue)
        try container.encode(totalTransactions, forKey: .totalTransactions)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }

    /// The columns ``init(row:)`` reads, in order.
    static let columns = """
        id, slug, title, description, price_type, service_type, amount, currency, min_amount,
        collect_email, collect_name, collect_phone, collect_address, require_quantity, max_quantity,
        success_url, cancel_url, image_url, file_url, thank_you_message, recurring_interval, trial_days,
        active, total_revenue, total_transactions, ever_paid, created_at, updated_at,
        (extract(epoch FROM created_at) * 1000000)::bigint
        """

    /// Decodes a row selected with ``columns``.
    init(row: PostgresRow) throws {
        var column = 0
        func next<Value: PostgresDecodable>(_: Value.Type = Value.self) throws -> Value {
            defer { column += 1 }
            return try row.decode(Value.self, column: column)
        }
        id = try next()
        slug = try next()
        var fields = PayLinkFields()
        fields.title = try next()
        fields.description = try next()
        fields.priceType = try next()
        fields.serviceType = try next()
        fields.amount = try next()
        fields.currency = try next()
        fields.minAmount = try next()
        fields.collectEmail = try next()
        fields.collectName = try next()
        fields.collectPhone = try next()
        fields.collectAddress = try next()
        fields.requireQuantity = try next()
        fields.maxQuantity = try next()
        fields.successUrl = try next()
        fields.cancelUrl = try next()
        fields.imageUrl = try next()
        fields.fileUrl = try next()
        fields.thankYouMessage = try next()
        fields.recurringInterval = try next()
        fields.trialDays = try next()
        fields.active = try next()
        self.fields = fields
        totalRevenue = try next()
        totalTransactions = try next()
        everPaid = try next()
        createdAt = try next()
        updatedAt = try next()
        createdAtMicros = try next()
    }
}

/// A page of a seller's links: `{data, nextCursor, hasMore}`.
struct PayLinkPage: Encodable, Sendable {
    var data: [PayLink]
    var nextCursor: String?
    var hasMore: Bool

    private enum CodingKeys: String, CodingKey { case data, nextCursor, hasMore }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(data, forKey: .data)
        try container.encode(nextCursor, forKey: .nextCursor)  // null on the last page
        try container.encode(hasMore, forKey: .hasMore)
    }
}

/// An opaque position in a seller's list, newest first: base64url of `<created_at µs>:<id>`.
struct PayLinkCursor: Equatable, Sendable {
    var createdAtMicros: Int64
    var id: String

    init(createdAtMicros: Int64, id: String) {
        self.createdAtMicros = createdAtMicros
        self.id = id
    }

    /// Parses a cursor from a previous page; `nil` for anything else.
    init?(encoded: String) {
        guard encoded.utf8.count <= 128,
            let bytes = try? Base64URL.decode(encoded),
            let text = String(validating: bytes, as: UTF8.self)
        else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        // Times after the year 3000 are not positions of any link (and would overflow the SQL interval).
        guard parts.count == 2, let micros = Int64(parts[0]), (0...32_503_680_000_000_000).contains(micros),
            let id = UUIDv7.normalized(String(parts[1]))
        else { return nil }
        self.init(createdAtMicros: micros, id: id)
    }

    var encoded: String { Base64URL.encode(Array("\(createdAtMicros):\(id)".utf8)) }
}
