import Foundation
import HTTPRouter
import Testing

@Suite struct JSONCodingTests {
    struct Event: Codable {
        let url: String
        let at: Date
        let amount: Int64
        let zeta: Bool
    }

    @Test func encodesSortedKeysUnescapedSlashesAndMillisecondDates() throws {
        let event = Event(
            url: "https://paylinks.ro/p/tee",
            at: Date(timeIntervalSince1970: 1_771_322_400.5),
            amount: 4999,
            zeta: true
        )
        let text = String(decoding: try JSONCoding.encode(event), as: UTF8.self)
        #expect(
            text == #"{"amount":4999,"at":"2026-02-17T10:00:00.500Z","url":"https://paylinks.ro/p/tee","zeta":true}"#
        )
    }

    @Test func datesRoundTrip() throws {
        let date = Date(timeIntervalSince1970: 1_771_322_400.123)
        let bytes = try JSONCoding.encode(["at": date])
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"at":"2026-02-17T10:00:00.123Z"}"#)
        let decoded = try JSONCoding.decode([String: Date].self, from: bytes)
        #expect(abs(decoded["at"]!.timeIntervalSince1970 - 1_771_322_400.123) < 0.000_5)
    }
}
