import Cryptography
import Testing

@Suite struct ConstantTimeTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var lhs: [UInt8]
        var rhs: [UInt8]
        var equal: Bool
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "both empty", lhs: [], rhs: [], equal: true),
        Case(name: "equal", lhs: [1, 2, 3, 4], rhs: [1, 2, 3, 4], equal: true),
        Case(name: "first byte differs", lhs: [0, 2, 3, 4], rhs: [1, 2, 3, 4], equal: false),
        Case(name: "last bit differs", lhs: [1, 2, 3, 4], rhs: [1, 2, 3, 5], equal: false),
        Case(name: "prefix", lhs: [1, 2, 3], rhs: [1, 2, 3, 4], equal: false),
        Case(name: "empty against non-empty", lhs: [], rhs: [0], equal: false),
        Case(name: "32 equal bytes", lhs: Array(0..<32), rhs: Array(0..<32), equal: true),
    ]

    @Test(arguments: cases)
    func compares(_ testCase: Case) {
        #expect(ConstantTime.equals(testCase.lhs, testCase.rhs) == testCase.equal)
        #expect(ConstantTime.equals(testCase.rhs, testCase.lhs) == testCase.equal)
    }

    @Test func comparesStringsAndSlices() {
        #expect(ConstantTime.equals("secret".utf8, Array("secret".utf8)[...]))
        #expect(!ConstantTime.equals("secret".utf8, "Secret".utf8))
    }
}
