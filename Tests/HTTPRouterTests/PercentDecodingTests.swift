import HTTPRouter
import Testing

@Suite struct PercentDecodingTests {
    @Test(arguments: [
        ("plain", "plain"), ("a%20b", "a b"), ("a+b", "a+b"), ("%2F%2f", "//"), ("caf%C3%A9", "café"), ("", ""),
    ])
    func decodesStrictly(input: String, expected: String) {
        #expect(PercentDecoding.decode(Array(input.utf8), plusAsSpace: false) == expected)
    }

    @Test(arguments: ["%", "%4", "%zz", "a%g0", "%FF", "%C3"])
    func rejectsMalformedOrNonUTF8(input: String) {
        #expect(PercentDecoding.decode(Array(input.utf8), plusAsSpace: false) == nil)
    }

    @Test func plusAsSpaceOnlyWhenAsked() {
        #expect(PercentDecoding.decode(Array("a+b%2B".utf8), plusAsSpace: true) == "a b+")
        #expect(PercentDecoding.decodeLeniently(Array("50%+off".utf8), plusAsSpace: true) == "50% off")
    }
}
