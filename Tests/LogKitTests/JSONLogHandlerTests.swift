import LogKit
import Testing

@Suite struct JSONLogHandlerTests {
    @Test func encodesOneJSONObjectWithMetadataAtTopLevel() {
        let record = LogRecord(
            timestampMilliseconds: 1_771_322_400_123,
            level: .info,
            label: "catalog",
            message: "created \"x\"\n",
            metadata: ["request.id": "abc", "msg": "ignored"],
            file: "F.swift",
            line: 3
        )
        let json = String(decoding: JSONLogHandler.encode(record), as: UTF8.self)
        #expect(
            json
                == #"{"ts":"2026-02-17T10:00:00.123Z","level":"info","logger":"catalog","msg":"created \"x\"\n","request.id":"abc"}"#
        )
    }

    @Test func errorsCarryTheirSourceAndControlCharactersAreEscaped() {
        let record = LogRecord(
            timestampMilliseconds: 0,
            level: .error,
            label: "x",
            message: "\u{01}",
            metadata: [:],
            file: "F.swift",
            line: 9
        )
        let json = String(decoding: JSONLogHandler.encode(record), as: UTF8.self)
        #expect(
            json
                == #"{"ts":"1970-01-01T00:00:00.000Z","level":"error","logger":"x","msg":"\u0001","source":"F.swift:9"}"#
        )
    }
}
