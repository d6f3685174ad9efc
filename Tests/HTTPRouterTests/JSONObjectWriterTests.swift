import Foundation
import HTTPCore
import HTTPRouter
import Testing

@Suite struct JSONObjectWriterTests {
    private struct Sample: Encodable {
        var amount: Int64?
        var count: Int?
        var createdAt: Date?
        var flag: Bool?
        var name: String?
    }

    private func written(_ sample: Sample) -> [UInt8] {
        var writer = JSONObjectWriter()
        writer.write("amount", sample.amount)
        writer.write("count", sample.count)
        writer.write("createdAt", sample.createdAt)
        writer.write("flag", sample.flag)
        writer.write("name", sample.name)
        return writer.finish()
    }

    @Test(arguments: [
        "plain", "", "quote \" backslash \\ slash / url https://x.example/a?b=c", "lines\n\r\t\u{8}\u{c}",
        "controls \u{0}\u{1}\u{1f}\u{7f}", "română ăâîșț €15 😀", "\u{2028}\u{2029}", "</script>",
    ])
    func matchesJSONCodingByteForByte(name: String) throws {
        let samples = [
            Sample(
                amount: 4999,
                count: 3,
                createdAt: Date(timeIntervalSince1970: 1_771_322_400.123),
                flag: true,
                name: name
            ),
            Sample(amount: -1, count: nil, createdAt: nil, flag: false, name: name),
            Sample(amount: Int64.max, count: Int.min, createdAt: Date(timeIntervalSince1970: 0), flag: nil, name: name),
        ]
        for sample in samples {
            #expect(written(sample) == (try JSONCoding.encode(sample)), "\(sample)")
        }
    }

    @Test func anEmptyObjectIsBraces() {
        #expect(written(Sample()) == Array("{}".utf8))
        #expect(JSONObjectWriter().response().headers["Content-Type"] == "application/json")
    }
}
