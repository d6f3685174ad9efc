import Cryptography
import Foundation
import Postgres

/// Reads and writes payment links.
///
/// Seller methods only see the seller's own unarchived links: another seller's link, an archived one and
/// an unknown id all answer `nil` (the routes turn that into the same 404). Ids are canonical lowercase UUIDs.
protocol PayLinkRepository: Sendable {
    /// The active, unarchived link with `slug`, as the public may see it.
    func publicPayLink(slug: String) async throws -> PublicPayLink?
    /// Every active, unarchived link's slug and last change, most recently changed first (for sitemaps).
    func publicSlugs(limit: Int) async throws -> [PublicSlug]
    /// The seller's links, newest first, after `cursor`; at most `limit`.
    func list(sellerID: String, after cursor: PayLinkCursor?, limit: Int) async throws -> [PayLink]
    func payLink(id: String, sellerID: String) async throws -> PayLink?
    /// Creates a link with `customSlug`, or a free slug made from the title.
    ///
    /// - Throws: ``PayLinkStoreError/slugTaken`` when `customSlug` belongs to any link, archived included.
    func create(sellerID: String, fields: PayLinkFields, customSlug: String?) async throws -> PayLink
    /// Applies `change` to the link's fields under a row lock and stores the result.
    ///
    /// `change` returns the new fields and the new custom slug (`nil` keeps the slug).
    ///
    /// - Throws: what `change` throws; ``PayLinkStoreError/slugTaken``; ``PayLinkStoreError/currencyFrozen``
    ///   when the currency of an ever-paid link would change.
    func update(
        id: String,
        sellerID: String,
        _ change: @Sendable (PayLinkFields) throws -> (PayLinkFields, String?)
    ) async throws -> PayLink?
    /// Erases a never-paid link, archives an ever-paid one; `false` when there is no such link.
    func delete(id: String, sellerID: String) async throws -> Bool
    /// Flips `active`.
    func toggle(id: String, sellerID: String) async throws -> PayLink?
    /// Counts one payment once per transaction id.
    func recordPayment(_ payment: PayLinkPayment) async throws -> PayLinkPaymentResult
}

/// A line of the public sitemap list.
struct PublicSlug: Encodable, Sendable {
    var slug: String
    var updatedAt: Date
}

/// A payment the payments service reports for a link's counters.
struct PayLinkPayment: Sendable {
    var payLinkID: String
    var transactionID: String
    var amountMinor: Int64
    var currency: String
}

/// What ``PayLinkRepository/recordPayment(_:)`` did.
enum PayLinkPaymentResult: Sendable {
    /// Counted now (`true`) or already counted earlier (`false`), with the link's counters after it.
    case counted(newly: Bool, totalRevenue: Int64, totalTransactions: Int64)
    case unknownLink
    /// The transaction id was counted before with another link, amount or currency.
    case conflictingReplay
    /// The payment's currency is not the link's.
    case currencyMismatch
}

/// Failures of the store that are the client's business.
enum PayLinkStoreError: Error, Equatable {
    case slugTaken
    case currencyFrozen
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

    func publicSlugs(limit: Int) async throws -> [PublicSlug] {
        let rows = try await postgres.query(
            """
            SELECT slug, updated_at FROM catalog.paylinks
            WHERE active AND archived_at IS NULL
            ORDER BY updated_at DESC, slug
            LIMIT \(limit)
            """
        )
        return try rows.map { row in
            PublicSlug(slug: try row.decode(String.self, column: 0), updatedAt: try row.decode(Date.self, column: 1))
        }
    }

    func list(sellerID: String, after cursor: PayLinkCursor?, limit: Int) async throws -> [PayLink] {
        let rows: PostgresRows
        if let cursor {
            rows = try await postgres.query(
                """
                SELECT \(unsafeSQL: PayLink.columns) FROM catalog.paylinks
                WHERE seller_id = \(sellerID)::uuid AND archived_at IS NULL
                  AND (created_at, id) < ('epoch'::timestamptz + \(cursor.createdAtMicros) * interval '1 microsecond',
                                         \(cursor.id)::uuid)
                ORDER BY created_at DESC, id DESC
                LIMIT \(limit)
                """
            )
        } else {
            rows = try await postgres.query(
                """
                SELECT \(unsafeSQL: PayLink.columns) FROM catalog.paylinks
                WHERE seller_id = \(sellerID)::uuid AND archived_at IS NULL
                ORDER BY created_at DESC, id DESC
                LIMIT \(limit)
                """
            )
        }
        return try rows.map(PayLink.init(row:))
    }

    func payLink(id: String, sellerID: String) async throws -> PayLink? {
        let rows = try await postgres.query(
            """
            SELECT \(unsafeSQL: PayLink.columns) FROM catalog.paylinks
            WHERE id = \(id)::uuid AND seller_id = \(sellerID)::uuid AND archived_at IS NULL
            """
        )
        return try rows.first.map(PayLink.init(row:))
    }

    func create(sellerID: String, fields: PayLinkFields, customSlug: String?) async throws -> PayLink {
        if let customSlug {
            do {
                return try await insert(sellerID: sellerID, slug: customSlug, fields: fields)
            } catch let error as PostgresError where error.isUniqueViolation {
                throw PayLinkStoreError.slugTaken
            }
        }
        let base = Slug.base(fromTitle: fields.title)
        // Another create may take the free slug between the look-up and the insert: look again, a few times,
        // then fall back to a random suffix.
        for attempt in 0..<6 {
            let slug =
                attempt < 5
                ? try await freeSlug(base: base)
                : Slug.candidate(base, number: Int.random(in: 100_000...999_999))
            do {
                return try await insert(sellerID: sellerID, slug: slug, fields: fields)
            } catch let error as PostgresError where error.isUniqueViolation {
                continue
            }
        }
        throw PayLinkStoreError.slugTaken
    }

    /// The first of `base`, `base-2`, `base-3`… that no link uses.
    private func freeSlug(base: String) async throws -> String {
        let prefix = String(base.prefix(Slug.maxLength - 8))
        let rows = try await postgres.query(
            "SELECT slug FROM catalog.paylinks WHERE slug LIKE \(prefix + "%")"
        )
        let taken = Set(try rows.map { try $0.decode(String.self, column: 0) })
        for number in 1...(taken.count + 1) {
            let candidate = Slug.candidate(base, number: number)
            if !taken.contains(candidate) { return candidate }
        }
        return Slug.candidate(base, number: taken.count + 2)
    }

    private func insert(sellerID: String, slug: String, fields: PayLinkFields) async throws -> PayLink {
        let id = UUIDv7.make()
        let rows = try await postgres.query(
            """
            INSERT INTO catalog.paylinks (
                id, seller_id, slug, title, description, price_type, service_type, amount, currency, min_amount,
                collect_email, collect_name, collect_phone, collect_address, require_quantity, max_quantity,
                success_url, cancel_url, image_url, file_url, thank_you_message, recurring_interval, trial_days,
                active)
            VALUES (\(id)::uuid, \(sellerID)::uuid, \(slug), \(fields.title), \(fields.description),
                \(fields.priceType), \(fields.serviceType), \(fields.amount), \(fields.currency), \(fields.minAmount),
                \(fields.collectEmail), \(fields.collectName), \(fields.collectPhone), \(fields.collectAddress),
                \(fields.requireQuantity), \(fields.maxQuantity), \(fields.successUrl), \(fields.cancelUrl),
                \(fields.imageUrl), \(fields.fileUrl), \(fields.thankYouMessage), \(fields.recurringInterval),
                \(fields.trialDays), \(fields.active))
            RETURNING \(unsafeSQL: PayLink.columns)
            """
        )
        return try PayLink(row: rows[0])
    }

    func update(
        id: String,
        sellerID: String,
        _ change: @Sendable (PayLinkFields) throws -> (PayLinkFields, String?)
    ) async throws -> PayLink? {
        do {
            return try await postgres.withTransaction { connection -> PayLink? in
                let rows = try await connection.query(
                    """
                    SELECT \(unsafeSQL: PayLink.columns) FROM catalog.paylinks
                    WHERE id = \(id)::uuid AND seller_id = \(sellerID)::uuid AND archived_at IS NULL
                    FOR UPDATE
                    """
                )
                guard let row = rows.first else { return nil }
                let existing = try PayLink(row: row)
                let (fields, customSlug) = try change(existing.fields)
                if existing.everPaid && fields.currency != existing.fields.currency {
                    throw PayLinkStoreError.currencyFrozen
                }
                let slug = customSlug ?? existing.slug
                let updated = try await connection.query(
                    """
                    UPDATE catalog.paylinks SET
                        slug = \(slug), title = \(fields.title), description = \(fields.description),
                        amount = \(fields.amount), currency = \(fields.currency), min_amount = \(fields.minAmount),
                        collect_email = \(fields.collectEmail), collect_name = \(fields.collectName),
                        collect_phone = \(fields.collectPhone), collect_address = \(fields.collectAddress),
                        require_quantity = \(fields.requireQuantity), max_quantity = \(fields.maxQuantity),
                        success_url = \(fields.successUrl), cancel_url = \(fields.cancelUrl),
                        image_url = \(fields.imageUrl), file_url = \(fields.fileUrl),
                        thank_you_message = \(fields.thankYouMessage),
                        recurring_interval = \(fields.recurringInterval), trial_days = \(fields.trialDays),
                        active = \(fields.active), updated_at = now()
                    WHERE id = \(id)::uuid
                    RETURNING \(unsafeSQL: PayLink.columns)
                    """
                )
                return try PayLink(row: updated[0])
            }
        } catch let error as PostgresError where error.isUniqueViolation {
            throw PayLinkStoreError.slugTaken
        }
    }

    func delete(id: String, sellerID: String) async throws -> Bool {
        try await postgres.withTransaction { connection in
            let rows = try await connection.query(
                """
                SELECT ever_paid FROM catalog.paylinks
                WHERE id = \(id)::uuid AND seller_id = \(sellerID)::uuid AND archived_at IS NULL
                FOR UPDATE
                """
            )
            guard let row = rows.first else { return false }
            if try row.decode(Bool.self, column: 0) {
                // Payments reference it: keep the row (and its slug, which never changes owner), hide it.
                _ = try await connection.execute(
                    """
                    UPDATE catalog.paylinks SET archived_at = now(), active = false, updated_at = now()
                    WHERE id = \(id)::uuid
                    """
                )
            } else {
                _ = try await connection.execute("DELETE FROM catalog.paylinks WHERE id = \(id)::uuid")
            }
            return true
        }
    }

    func toggle(id: String, sellerID: String) async throws -> PayLink? {
        let rows = try await postgres.query(
            """
            UPDATE catalog.paylinks SET active = NOT active, updated_at = now()
            WHERE id = \(id)::uuid AND seller_id = \(sellerID)::uuid AND archived_at IS NULL
            RETURNING \(unsafeSQL: PayLink.columns)
            """
        )
        return try rows.first.map(PayLink.init(row:))
    }

    func recordPayment(_ payment: PayLinkPayment) async throws -> PayLinkPaymentResult {
        try await postgres.withTransaction { connection in
            // The row lock orders this against a concurrent delete (which then archives instead).
            let links = try await connection.query(
                "SELECT currency FROM catalog.paylinks WHERE id = \(payment.payLinkID)::uuid FOR UPDATE"
            )
            guard let link = links.first else { return .unknownLink }
            // A paid link's currency is frozen, so a replay of a counted payment always matches it.
            guard try link.decode(String.self, column: 0) == payment.currency else {
                // A replay of a counted transaction with other data is a conflict (409) whatever differs; only a
                // new transaction in the wrong currency is a plain validation error.
                let counted = try await connection.query(
                    "SELECT 1 FROM catalog.paylink_counter_events WHERE transaction_id = \(payment.transactionID)"
                )
                return counted.isEmpty ? .currencyMismatch : .conflictingReplay
            }
            let inserted = try await connection.query(
                """
                INSERT INTO catalog.paylink_counter_events (transaction_id, paylink_id, amount_minor, currency)
                VALUES (\(payment.transactionID), \(payment.payLinkID)::uuid, \(payment.amountMinor),
                    \(payment.currency))
                ON CONFLICT (transaction_id) DO NOTHING
                RETURNING transaction_id
                """
            )
            if inserted.isEmpty {
                let previous = try await connection.query(
                    """
                    SELECT paylink_id = \(payment.payLinkID)::uuid AND amount_minor = \(payment.amountMinor)
                        AND currency = \(payment.currency)
                    FROM catalog.paylink_counter_events WHERE transaction_id = \(payment.transactionID)
                    """
                )
                guard let same = previous.first, try same.decode(Bool.self, column: 0) else {
                    return .conflictingReplay
                }
                let totals = try await connection.query(
                    """
                    SELECT total_revenue, total_transactions FROM catalog.paylinks
                    WHERE id = \(payment.payLinkID)::uuid
                    """
                )
                let (revenue, count) = try totals[0].decode((Int64, Int64).self)
                return .counted(newly: false, totalRevenue: revenue, totalTransactions: count)
            }
            let totals = try await connection.query(
                """
                UPDATE catalog.paylinks
                SET total_revenue = total_revenue + \(payment.amountMinor),
                    total_transactions = total_transactions + 1, ever_paid = true
                WHERE id = \(payment.payLinkID)::uuid
                RETURNING total_revenue, total_transactions
                """
            )
            let (revenue, count) = try totals[0].decode((Int64, Int64).self)
            return .counted(newly: true, totalRevenue: revenue, totalTransactions: count)
        }
    }
}
