import Foundation
import JWT
import Testing

@Suite struct JWTTimeClaimsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var claims: JWTTimeClaims
        var now: Int64
        var leeway: Int64
        var code: JWTError.Code?
        var testDescription: String { name }
    }

    private static func claims(exp: Int64, nbf: Int64? = nil, iat: Int64? = nil) -> JWTTimeClaims {
        JWTTimeClaims(
            expiration: ExpirationClaim(value: exp),
            notBefore: nbf.map(NotBeforeClaim.init(value:)),
            issuedAt: iat.map(IssuedAtClaim.init(value:))
        )
    }

    static let cases: [Case] = [
        Case(name: "exp one second ahead", claims: claims(exp: 1000), now: 999, leeway: 0, code: nil),
        Case(name: "exp reached", claims: claims(exp: 1000), now: 1000, leeway: 0, code: .expired),
        Case(name: "exp passed, inside leeway", claims: claims(exp: 1000), now: 1029, leeway: 30, code: nil),
        Case(name: "exp passed, leeway used up", claims: claims(exp: 1000), now: 1030, leeway: 30, code: .expired),
        Case(name: "nbf reached", claims: claims(exp: 2000, nbf: 1000), now: 1000, leeway: 0, code: nil),
        Case(name: "nbf ahead", claims: claims(exp: 2000, nbf: 1000), now: 999, leeway: 0, code: .notYetValid),
        Case(name: "nbf ahead, inside leeway", claims: claims(exp: 2000, nbf: 1000), now: 970, leeway: 30, code: nil),
        Case(
            name: "nbf ahead beyond leeway",
            claims: claims(exp: 2000, nbf: 1000),
            now: 969,
            leeway: 30,
            code: .notYetValid
        ),
        Case(name: "iat now", claims: claims(exp: 2000, iat: 1000), now: 1000, leeway: 0, code: nil),
        Case(
            name: "iat in the future",
            claims: claims(exp: 2000, iat: 1001),
            now: 1000,
            leeway: 0,
            code: .invalidClaim
        ),
        Case(
            name: "iat in the future, inside leeway",
            claims: claims(exp: 2000, iat: 1030),
            now: 1000,
            leeway: 30,
            code: nil
        ),
        Case(
            name: "iat far in the future",
            claims: claims(exp: 2000, iat: 2001),
            now: 1000,
            leeway: 300,
            code: .invalidClaim
        ),
        Case(
            name: "iat after exp, both valid now",
            claims: claims(exp: 1000, iat: 1010),
            now: 990,
            leeway: 30,
            code: .invalidClaim
        ),
        Case(
            name: "extreme past now does not trap",
            claims: claims(exp: 1000, nbf: 0),
            now: .min,
            leeway: 300,
            code: .notYetValid
        ),
        Case(name: "extreme future now", claims: claims(exp: 1000), now: .max, leeway: 300, code: .expired),
    ]

    @Test(arguments: cases)
    func checks(_ testCase: Case) {
        do {
            try testCase.claims.verify(now: testCase.now, leeway: testCase.leeway)
            #expect(testCase.code == nil)
        } catch {
            #expect(error.code == testCase.code)
        }
    }

    struct Decoding: Sendable, CustomTestStringConvertible {
        var json: String
        var seconds: Int64?
        var testDescription: String { json }
    }

    static let decodings: [Decoding] = [
        Decoding(json: "1700000000", seconds: 1_700_000_000),
        Decoding(json: "1700000000.9", seconds: 1_700_000_000),
        Decoding(json: "1.7e9", seconds: 1_700_000_000),
        Decoding(json: "0", seconds: 0),
        Decoding(json: "253402300799", seconds: 253_402_300_799),
        Decoding(json: "253402300800", seconds: nil),
        Decoding(json: "-1", seconds: nil),
        Decoding(json: "1e300", seconds: nil),
        Decoding(json: "\"1700000000\"", seconds: nil),
        Decoding(json: "true", seconds: nil),
        Decoding(json: "null", seconds: nil),
        Decoding(json: "[1700000000]", seconds: nil),
    ]

    @Test(arguments: decodings)
    func decodesNumericDates(_ decoding: Decoding) {
        let data = Data(#"{"exp":\#(decoding.json)}"#.utf8)
        struct Wrapper: Decodable { var exp: ExpirationClaim }
        let decoded = try? JSONDecoder().decode(Wrapper.self, from: data)
        #expect(decoded?.exp.value == decoding.seconds)
    }

    @Test func encodesAsIntegers() throws {
        let json = try JSONEncoder().encode([IssuedAtClaim(value: 1_700_000_000)])
        #expect(String(decoding: json, as: UTF8.self) == "[1700000000]")
    }
}
