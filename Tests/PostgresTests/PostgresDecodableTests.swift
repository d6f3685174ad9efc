import Foundation
import Postgres
import Testing

/// Decoders on the text the server sends, without a server.
@Suite struct PostgresDecodableTests {
    static func decode<Value: PostgresDecodable>(
        _: Value.Type,
        _ text: String,
        _ type: PostgresDataType
    ) throws -> Value {
        let bytes = Array(text.utf8)
        return try Value.decode(from: bytes.span, type: type)
    }

    @Test(arguments: [
        ("2026-02-17 10:00:00.123+00", 1_771_322_400_123),
        ("2026-02-17 10:00:00+00", 1_771_322_400_000),
        ("2026-02-17 10:00:00.123456+00", 1_771_322_400_123),
        ("2026-02-17 12:30:00.5+02:30", 1_771_322_400_500),
        ("2026-02-17 05:00:00-05", 1_771_322_400_000),
        ("1970-01-01 00:00:00+00", 0),
        ("1969-12-31 23:59:59.999+00", -1),
        ("2000-02-29 00:00:00+00", 951_782_400_000),
    ])
    func decodesTimestamptz(text: String, milliseconds: Int64) throws {
        let date = try Self.decode(Date.self, text, .timestamptz)
        #expect(Int64((date.timeIntervalSince1970 * 1000).rounded()) == milliseconds)
    }

    @Test func decodesTimestampAndDateAsUTC() throws {
        let timestamp = try Self.decode(Date.self, "2026-02-17 10:00:00.250", .timestamp)
        #expect(timestamp.timeIntervalSince1970 == 1_771_322_400.25)
        let date = try Self.decode(Date.self, "2026-02-17", .date)
        #expect(date.timeIntervalSince1970 == 1_771_286_400)
        #expect(try Self.decode(Date.self, "infinity", .timestamptz) == .distantFuture)
        #expect(try Self.decode(Date.self, "-infinity", .timestamptz) == .distantPast)
    }

    @Test(arguments: ["2026-02-17T10", "17/02/2026", "2026-13-01 00:00:00+00", "2026-02-17 10:00:00.+00"])
    func rejectsMalformedTimestamps(text: String) {
        #expect(throws: PostgresDecodingError.self) { try Self.decode(Date.self, text, .timestamptz) }
    }

    @Test func decodesIntegers() throws {
        #expect(try Self.decode(Int64.self, "-9223372036854775808", .int8) == .min)
        #expect(try Self.decode(Int64.self, "9223372036854775807", .int8) == .max)
        #expect(try Self.decode(Int.self, "12345", .numeric) == 12345)
        #expect(try Self.decode(Int.self, "12345.000", .numeric) == 12345)
        #expect(try Self.decode(Int32.self, "-7", .int2) == -7)
        #expect(throws: PostgresDecodingError.self) { try Self.decode(Int64.self, "9223372036854775808", .int8) }
        #expect(throws: PostgresDecodingError.self) { try Self.decode(Int.self, "1.5", .numeric) }
        #expect(throws: PostgresDecodingError.self) { try Self.decode(Int32.self, "3000000000", .int8) }
        #expect(throws: PostgresDecodingError.self) { try Self.decode(Int.self, "12", .text) }
    }

    @Test func decodesArrays() throws {
        #expect(try Self.decode([Int64].self, "{1,-2,3}", .int8Array) == [1, -2, 3])
        #expect(try Self.decode([Int64].self, "{}", .int8Array) == [])
        #expect(
            try Self.decode([String].self, #"{plain,"with space","q\"uote","back\\slash",""}"#, .textArray)
                == ["plain", "with space", "q\"uote", "back\\slash", ""]
        )
        #expect(throws: PostgresDecodingError.self) { try Self.decode([String].self, "{a,NULL}", .textArray) }
        #expect(throws: PostgresDecodingError.self) { try Self.decode([Int64].self, "{{1},{2}}", .int8Array) }
    }

    @Test func decodesByteaHex() throws {
        #expect(try Self.decode([UInt8].self, "\\x00ff10", .bytea) == [0, 255, 16])
        #expect(try Self.decode([UInt8].self, "\\x", .bytea) == [])
        #expect(throws: PostgresDecodingError.self) { try Self.decode([UInt8].self, "\\x0", .bytea) }
    }

    @Test func rejectsNullExceptForOptionals() throws {
        #expect(throws: PostgresDecodingError.self) { try String.decodeNull(type: .text) }
        #expect(try String?.decodeNull(type: .text) == nil)
    }
}
