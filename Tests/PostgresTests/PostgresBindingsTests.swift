import Foundation
import Postgres
import TestSupport
import Testing

/// Values bound as parameters reach the server and come back byte for byte, and never become SQL.
@Suite(.enabled(if: PostgresTestEnvironment.isEnabled, "needs PostgreSQL: scripts/with-postgres.sh swift test"))
struct PostgresBindingsTests {
    @Test func hostileTextRoundTripsExactlyAndNeverBecomesSQL() async throws {
        try await PostgresTestDatabase.withClient { client in
            try await client.execute("CREATE TABLE payloads (id int PRIMARY KEY, body text, tag text)")
            for (index, value) in PostgresQueryTests.hostileStrings.enumerated() {
                let insert: PostgresQuery = "INSERT INTO payloads (id, body, tag) VALUES (\(index), \(value), NULL)"
                #expect(insert.sql == "INSERT INTO payloads (id, body, tag) VALUES ($1, $2, NULL)")
                let affected = try await client.execute(insert)
                #expect(affected == 1)
            }
            let rows = try await client.query("SELECT id, body, tag FROM payloads ORDER BY id")
            let decoded = try rows.decode((Int, String, String?).self)
            #expect(decoded.map(\.1) == PostgresQueryTests.hostileStrings)
            #expect(decoded.allSatisfy { $0.2 == nil })

            // The table survived the "DROP TABLE" payload, and parameters also work in WHERE.
            let match = "'; DROP TABLE payloads; --"
            let found = try await client.query("SELECT id FROM payloads WHERE body = \(match)")
            #expect(try found.decode(Int.self) == [2])
        }
    }

    @Test func nullsOfEveryTypeRoundTrip() async throws {
        try await PostgresTestDatabase.withClient { client in
            let text: String? = nil
            let number: Int64? = nil
            let flag: Bool? = nil
            let date: Date? = nil
            let bytes: [UInt8]? = nil
            let rows = try await client.query(
                "SELECT \(text)::text, \(number), \(flag), \(date), \(bytes), \(text)::text IS NULL"
            )
            let row = try rows[0].decode((String?, Int64?, Bool?, Date?, [UInt8]?, Bool).self)
            #expect(row.0 == nil && row.1 == nil && row.2 == nil && row.3 == nil && row.4 == nil)
            #expect(row.5)
        }
    }

    @Test func largeByteaRoundTrips() async throws {
        try await PostgresTestDatabase.withClient { client in
            var generator = SystemRandomNumberGenerator()
            var blob = [UInt8]()
            blob.reserveCapacity(1 << 20)
            for _ in 0..<(1 << 17) {
                withUnsafeBytes(of: generator.next()) { blob.append(contentsOf: $0) }
            }
            try await client.execute("CREATE TABLE blobs (id int PRIMARY KEY, data bytea NOT NULL)")
            try await client.execute("INSERT INTO blobs VALUES (1, \(blob))")
            let rows = try await client.query("SELECT data, length(data) FROM blobs WHERE id = 1")
            let (stored, length) = try rows[0].decode(([UInt8], Int).self)
            #expect(length == blob.count)
            #expect(stored == blob)
            let data = try rows[0].decode(Data.self, column: 0)
            #expect(data == Data(blob))
        }
    }

    @Test func textWithANulByteFailsBeforeReachingTheServer() async throws {
        try await PostgresTestDatabase.withClient { client in
            let value = "before\u{0}after"
            let error = await #expect(throws: PostgresError.self) { _ = try await client.query("SELECT \(value)") }
            #expect(error?.code == .invalidQuery)
            #expect(error?.description.contains("NUL") == true)
            // The connection is still fine.
            let one = try await client.query("SELECT 1").decode(Int.self)
            #expect(one == [1])
        }
    }

    @Test func stringParametersTakeTheirTypeFromTheContext() async throws {
        try await PostgresTestDatabase.withClient { client in
            try await client.execute(
                """
                CREATE TYPE status AS ENUM ('active', 'archived');
                """
            )
            try await client.execute(
                "CREATE TABLE links (id uuid PRIMARY KEY, status status NOT NULL, meta jsonb NOT NULL)"
            )
            let id = "0190f2a4-7b1c-7d2e-8f3a-123456789abc"
            try await client.execute(
                "INSERT INTO links VALUES (\(id), \("active"), \(#"{"plan": "pro"}"#))"
            )
            let ids = [id, "0190f2a4-7b1c-7d2e-8f3a-000000000000"]
            let rows = try await client.query("SELECT id, status, meta->>'plan' FROM links WHERE id = ANY(\(ids))")
            let (storedID, status, plan) = try rows[0].decode((String, String, String).self)
            #expect(storedID == id)
            #expect(status == "active")
            #expect(plan == "pro")
            let uuid = try rows[0].decode(UUID.self, column: 0)
            #expect(uuid.uuidString.lowercased() == id)
        }
    }
}
