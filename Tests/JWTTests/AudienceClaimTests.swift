import Foundation
import JWT
import Testing

@Suite struct AudienceClaimTests {
    private struct Wrapper: Codable { var aud: AudienceClaim }

    @Test(arguments: [
        (#"{"aud":"client"}"#, ["client"]),
        (#"{"aud":["a","client"]}"#, ["a", "client"]),
    ])
    func decodesStringOrArray(_ json: String, _ expected: [String]) throws {
        let claim = try JSONDecoder().decode(Wrapper.self, from: Data(json.utf8)).aud
        #expect(claim.values == expected)
        try claim.verify(contains: "client")
        let error = #expect(throws: JWTError.self) { try claim.verify(contains: "other") }
        #expect(error?.code == .invalidClaim)
        #expect(error?.claim == "aud")
    }

    @Test(arguments: [#"{"aud":[]}"#, #"{"aud":1}"#, #"{"aud":[1]}"#])
    func rejectsOtherShapes(_ json: String) {
        #expect(throws: (any Error).self) { try JSONDecoder().decode(Wrapper.self, from: Data(json.utf8)) }
    }

    @Test func encodesASingleAudienceAsAString() throws {
        let single = try JSONEncoder().encode(Wrapper(aud: AudienceClaim(values: ["x"])))
        #expect(String(decoding: single, as: UTF8.self) == #"{"aud":"x"}"#)
        let several = try JSONEncoder().encode(Wrapper(aud: AudienceClaim(values: ["x", "y"])))
        #expect(String(decoding: several, as: UTF8.self) == #"{"aud":["x","y"]}"#)
    }
}
