package import Postgres

/// A page request of a list route: `limit`, `starting_after`, `ending_before`, `created`.
package struct PageRequest: Sendable {
    /// How many objects (1–100). Default 10.
    package var limit: Int
    /// Return objects older than this id (the next page).
    package var startingAfter: String?
    /// Return objects newer than this id (the previous page).
    package var endingBefore: String?
    /// `created` bounds.
    package var createdGT: Int64?
    package var createdGTE: Int64?
    package var createdLT: Int64?
    package var createdLTE: Int64?

    /// Reads the standard list parameters.
    package init(_ params: Params) {
        limit = Int(params.int("limit") ?? 10)
        startingAfter = params.string("starting_after")
        endingBefore = params.string("ending_before")
        if let exact = params.int("created") {
            createdGTE = exact
            createdLTE = exact
        } else if let range = params.object("created") {
            createdGT = range.int("gt")
            createdGTE = range.int("gte")
            createdLT = range.int("lt")
            createdLTE = range.int("lte")
        }
    }

    /// One page of `limit` with no cursor.
    package init(limit: Int = 10) { self.limit = limit }
}

/// Stripe objects in PostgreSQL (`stripe_sandbox.objects`): one row per object, scoped by the account that
/// owns it, the JSON kept verbatim (key order included).
///
/// Every read is by (id, account): an object of another account does not exist for the caller.
package struct ObjectStore: Sendable {
    /// The connection of the request's transaction.
    package let connection: PostgresConnection
    /// The sandbox clock when the request started (balance transactions read as available after it).
    package let now: Int64

    /// Creates a store on a connection.
    package init(connection: PostgresConnection, now: Int64) {
        self.connection = connection
        self.now = now
    }

    /// Stores a new object; its `id`, `object` and `created` members are read from it.
    package func insert(_ object: JSONObject, account: String) async throws {
        let (id, type, created) = try Self.identity(of: object)
        let text = JSON.object(object).compactText
        try await connection.execute(
            """
            INSERT INTO stripe_sandbox.objects (id, account, object, created, data)
            VALUES (\(id), \(account), \(type), \(created), \(text)::json)
            """
        )
    }

    /// Replaces a stored object (same id and account).
    package func update(_ object: JSONObject, account: String) async throws {
        let (id, _, _) = try Self.identity(of: object)
        let text = JSON.object(object).compactText
        try await connection.execute(
            "UPDATE stripe_sandbox.objects SET data = \(text)::json WHERE id = \(id) AND account = \(account)"
        )
    }

    /// Deletes an object; returns whether it existed.
    @discardableResult
    package func delete(_ id: String, account: String) async throws -> Bool {
        try await connection.execute(
            "DELETE FROM stripe_sandbox.objects WHERE id = \(id) AND account = \(account)"
        ) > 0
    }

    /// The object `id` of `account` (of type `object` when given), or `nil`.
    package func find(_ id: String, account: String, object type: String? = nil) async throws -> JSONObject? {
        let rows = try await connection.query(
            """
            SELECT data::text FROM stripe_sandbox.objects
            WHERE id = \(id) AND account = \(account) AND (\(type)::text IS NULL OR object = \(type))
            """
        )
        guard let row = rows.first else { return nil }
        return render(try Self.parse(try row.decode(String.self)))
    }

    /// The object `id` of `account` locked for update until the transaction ends, or `nil`.
    package func lock(_ id: String, account: String, object type: String? = nil) async throws -> JSONObject? {
        let rows = try await connection.query(
            """
            SELECT data::text FROM stripe_sandbox.objects
            WHERE id = \(id) AND account = \(account) AND (\(type)::text IS NULL OR object = \(type))
            FOR UPDATE
            """
        )
        guard let row = rows.first else { return nil }
        return render(try Self.parse(try row.decode(String.self)))
    }

    /// The object or a 404 `resource_missing` naming `param` (Stripe's "No such customer: 'cus_…'").
    package func require(
        _ id: String,
        account: String,
        object type: String,
        param: String = "id",
        forUpdate: Bool = false
    ) async throws -> JSONObject {
        let found =
            forUpdate
            ? try await lock(id, account: account, object: type) : try await find(id, account: account, object: type)
        guard let found else { throw StripeError.resourceMissing(type, id, param: param) }
        return found
    }

    /// A Stripe list of `account`'s objects of `type`, newest first, where each top-level member named in
    /// `filters` equals the given string.
    ///
    /// - Parameter url: the list's `url` member (`/v1/customers`).
    package func list(
        object type: String,
        account: String,
        filters: [String: String] = [:],
        page: PageRequest,
        url: String
    ) async throws -> JSON {
        let (objects, hasMore) = try await self.page(object: type, account: account, filters: filters, page: page)
        return [
            "object": "list", "data": .array(objects.map(JSON.object)), "has_more": .bool(hasMore), "url": .string(url),
        ]
    }

    /// The objects of one page and whether more follow in the same direction.
    package func page(
        object type: String,
        account: String,
        filters: [String: String] = [:],
        page: PageRequest
    ) async throws -> ([JSONObject], Bool) {
        let keys = filters.keys.sorted()
        let values = keys.map { filters[$0]! }
        let backwards = page.endingBefore != nil && page.startingAfter == nil
        let cursorID = page.startingAfter ?? page.endingBefore
        var cursor: Int64?
        if let cursorID {
            let rows = try await connection.query(
                "SELECT seq FROM stripe_sandbox.objects WHERE id = \(cursorID) AND account = \(account) AND object = \(type)"
            )
            guard let row = rows.first else {
                throw StripeError.resourceMissing(type, cursorID, param: backwards ? "ending_before" : "starting_after")
            }
            cursor = try row.decode(Int64.self)
        }
        let limit = page.limit + 1
        let order = backwards ? "ASC" : "DESC"
        let comparison = backwards ? ">" : "<"
        let rows = try await connection.query(
            """
            SELECT o.data::text FROM stripe_sandbox.objects o
            WHERE o.account = \(account) AND o.object = \(type)
              AND (\(cursor)::bigint IS NULL OR o.seq \(unsafeSQL: comparison) \(cursor))
              AND (\(page.createdGT)::bigint IS NULL OR o.created > \(page.createdGT))
              AND (\(page.createdGTE)::bigint IS NULL OR o.created >= \(page.createdGTE))
              AND (\(page.createdLT)::bigint IS NULL OR o.created < \(page.createdLT))
              AND (\(page.createdLTE)::bigint IS NULL OR o.created <= \(page.createdLTE))
              AND NOT EXISTS (
                SELECT 1 FROM unnest(\(keys)::text[], \(values)::text[]) AS f(k, v)
                WHERE (o.data->>f.k) IS DISTINCT FROM f.v)
            ORDER BY o.seq \(unsafeSQL: order)
            LIMIT \(limit)
            """
        )
        var objects: [JSONObject] = []
        for row in rows { objects.append(render(try Self.parse(try row.decode(String.self)))) }
        let hasMore = objects.count > page.limit
        if hasMore { objects.removeLast() }
        if backwards { objects.reverse() }
        return (objects, hasMore)
    }

    /// Every object of `type` of any account matching `filters` (for due work across accounts), oldest first,
    /// with its account; at most `limit`.
    package func scan(
        object type: String,
        filters: [String: String] = [:],
        limit: Int = 1000
    ) async throws -> [(account: String, object: JSONObject)] {
        let keys = filters.keys.sorted()
        let values = keys.map { filters[$0]! }
        let rows = try await connection.query(
            """
            SELECT o.account, o.data::text FROM stripe_sandbox.objects o
            WHERE o.object = \(type)
              AND NOT EXISTS (
                SELECT 1 FROM unnest(\(keys)::text[], \(values)::text[]) AS f(k, v)
                WHERE (o.data->>f.k) IS DISTINCT FROM f.v)
            ORDER BY o.seq ASC
            LIMIT \(limit)
            """
        )
        var result: [(account: String, object: JSONObject)] = []
        for row in rows {
            let (account, text) = try row.decode((String, String).self)
            result.append((account, render(try Self.parse(text))))
        }
        return result
    }

    /// Read-time adjustments: a balance transaction is `available` once its `available_on` has passed.
    private func render(_ object: JSONObject) -> JSONObject {
        guard object["object"] == "balance_transaction", let availableOn = object["available_on"]?.intValue else {
            return object
        }
        var rendered = object
        if rendered["status"] == "pending" && availableOn <= now { rendered["status"] = "available" }
        return rendered
    }

    static func parse(_ text: String) throws -> JSONObject {
        guard case .object(let object) = try JSON.parse(text) else {
            throw JSONParseError(offset: 0, reason: "not an object")
        }
        return object
    }

    private static func identity(of object: JSONObject) throws -> (String, String, Int64) {
        guard let id = object["id"]?.stringValue, let type = object["object"]?.stringValue else {
            preconditionFailure("a stored object needs id and object")
        }
        return (id, type, object["created"]?.intValue ?? 0)
    }
}
