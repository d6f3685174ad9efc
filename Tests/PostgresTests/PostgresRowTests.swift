import Foundation
import Postgres
import TestSupport
import Testing

/// Typed decoding of every supported type, from server literals and from bound parameters.
@Suite(.enabled(if: PostgresTestEnvironment.isEnabled, "needs PostgreSQL: scripts/with-postgres.sh swift test"))
struct PostgresRowTests {
    struct Plan: Codable, Equatable {
        var name: String
        var seats: Int
    }

    @Test func decodesServerValuesOfEveryType() async throws {
        try await PostgresTestDatabase.withClient { client in
            let rows = try await client.query(
                """
                SELECT 'text'::text, 'var'::varchar(10), 7::int2, 2147483647::int4, 9223372036854775807::int8,
                       true, false, 1.25::float8, 2.5::float4, 12.000::numeric,
                       '\\x00ff'::bytea, '2026-02-17 10:00:00.123+00'::timestamptz,
                       '0190f2a4-7b1c-7d2e-8f3a-123456789abc'::uuid, '{"name": "pro", "seats": 3}'::jsonb,
                       ARRAY['a', 'b c']::text[], ARRAY[1, 2, 3]::int8[], ARRAY[]::int8[], NULL::int8, NULL::text
                """
            )
            let row = try #require(rows.first)
            #expect(row.columns.count == 19)
            #expect(try row.decode(String.self, column: 0) == "text")
            #expect(try row.decode(String.self, column: 1) == "var")
            #expect(try row.decode(Int.self, column: 2) == 7)
            #expect(try row.decode(Int32.self, column: 3) == .max)
            #expect(try row.decode(Int64.self, column: 4) == .max)
            #expect(try row.decode(Bool.self, column: 5) == true)
            #expect(try row.decode(Bool.self, column: 6) == false)
            #expect(try row.decode(Double.self, column: 7) == 1.25)
            #expect(try row.decode(Double.self, column: 8) == 2.5)
            #expect(try row.decode(Int64.self, column: 9) == 12)
            #expect(try row.decode([UInt8].self, column: 10) == [0, 255])
            #expect(try row.decode(Date.self, column: 11) == Date(timeIntervalSince1970: 1_771_322_400.123))
            #expect(try row.decode(UUID.self, column: 12) == UUID(uuidString: "0190f2a4-7b1c-7d2e-8f3a-123456789abc"))
            #expect(try row.decode(String.self, column: 12) == "0190f2a4-7b1c-7d2e-8f3a-123456789abc")
            #expect(try row.decode(PostgresJSON<Plan>.self, column: 13).value == Plan(name: "pro", seats: 3))
            #expect(try row.decode([String].self, column: 14) == ["a", "b c"])
            #expect(try row.decode([Int64].self, column: 15) == [1, 2, 3])
            #expect(try row.decode([Int64].self, column: 16) == [])
            #expect(try row.decode(Int64?.self, column: 17) == nil)
            #expect(try row.decode(String?.self, column: 18) == nil)
            #expect(row.isNull(column: 17))
        }
    }

    @Test func boundParametersOfEveryTypeRoundTrip() async throws {
        try await PostgresTestDatabase.withClient { client in
            let date = Date(timeIntervalSince1970: 1_771_322_400.987)
            let uuid = UUID()
            let plan = try PostgresJSON(Plan(name: "team", seats: 12))
            let bytes: [UInt8] = [0, 1, 2, 254, 255]
            let rows = try await client.query(
                """
                SELECT \("text"), \(42), \(Int32(-7)), \(Int64.min), \(true), \(-0.5), \(bytes), \(date), \(uuid),
                       \(plan), \(["x", "y\"z"])::text[], \([Int64(5), 6]), \(UInt8(200)), \(Data([9, 8]))
                """
            )
            let row = try #require(rows.first)
            let decoded = try row.decode(
                (
                    String, Int, Int32, Int64, Bool, Double, [UInt8], Date, UUID, PostgresJSON<Plan>, [String], [Int64],
                    UInt8, Data
                ).self
            )
            #expect(decoded.0 == "text")
            #expect(decoded.1 == 42)
            #expect(decoded.2 == -7)
            #expect(decoded.3 == .min)
            #expect(decoded.4 == true)
            #expect(decoded.5 == -0.5)
            #expect(decoded.6 == bytes)
            #expect(decoded.7 == date)
            #expect(decoded.8 == uuid)
            #expect(decoded.9.value == plan.value)
            #expect(decoded.10 == ["x", "y\"z"])
            #expect(decoded.11 == [5, 6])
            #expect(decoded.12 == 200)
            #expect(decoded.13 == Data([9, 8]))
        }
    }

    @Test func datesKeepMillisecondPrecision() async throws {
        try await PostgresTestDatabase.withClient { client in
            try await client.execute("CREATE TABLE events (at timestamptz NOT NULL)")
            let date = Date(timeIntervalSince1970: 1_771_322_400.1236)  // sub-millisecond part is rounded away
            try await client.execute("INSERT INTO events VALUES (\(date))")
            let rows = try await client.query("SELECT at, to_char(at, 'YYYY-MM-DD HH24:MI:SS.US') FROM events")
            let (stored, text) = try rows[0].decode((Date, String).self)
            #expect(stored.timeIntervalSince1970 == 1_771_322_400.124)
            #expect(text == "2026-02-17 10:00:00.124000")
        }
    }

    @Test func decodesByColumnName() async throws {
        try await PostgresTestDatabase.withClient { client in
            let row = try #require(try await client.query("SELECT 1 AS id, 'x' AS title").first)
            #expect(try row["title", as: String.self] == "x")
            #expect(try row["id", as: Int.self] == 1)
            let error = try #require(throws: PostgresError.self) { try row["missing", as: Int.self] }
            #expect(error.code == .decoding)
            #expect(error.description.contains("missing"))
        }
    }

    @Test func mismatchesFailWithClearErrors() async throws {
        try await PostgresTestDatabase.withClient { client in
            let row = try #require(
                try await client.query("SELECT 42::int4 AS amount, 'abc'::text AS word, NULL::int8 AS gone").first
            )

            let asString = try #require(throws: PostgresError.self) { try row.decode(String.self, column: 0) }
            #expect(asString.code == .decoding)
            #expect(asString.column == "amount")
            #expect(asString.description.contains("\"amount\""))
            #expect(asString.description.contains("integer"))
            #expect(asString.description.contains("String"))

            let asInt = try #require(throws: PostgresError.self) { try row.decode(Int.self, column: 1) }
            #expect(asInt.code == .decoding)
            #expect(!asInt.description.contains("abc"))  // values are never quoted

            let nullAsInt = try #require(throws: PostgresError.self) { try row.decode(Int64.self, column: 2) }
            #expect(nullAsInt.description.contains("NULL"))

            let wrongArity = try #require(throws: PostgresError.self) { try row.decode((Int, String).self) }
            #expect(wrongArity.description.contains("3 columns"))
        }
    }
}
