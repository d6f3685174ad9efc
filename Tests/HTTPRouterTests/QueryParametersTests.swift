import HTTPCore
import HTTPRouter
import Testing

@Suite struct QueryParametersTests {
    @Test func decodesPercentAndPlusAndKeepsOrderAndRepeats() {
        let query = QueryParameters("q=caf%C3%A9+au+lait&status=a&status=b&flag&empty=&a%2Bb=c%26d&&")
        #expect(query["q"] == "café au lait")
        #expect(query["status"] == "a")
        #expect(query.values(for: "status") == ["a", "b"])
        #expect(query["flag"] == "")
        #expect(query["empty"] == "")
        #expect(query["a+b"] == "c&d")
        #expect(query["missing"] == nil)
        #expect(query.count == 6)
        #expect(query.map(\.name) == ["q", "status", "status", "flag", "empty", "a+b"])
    }

    @Test func keepsMalformedEscapes() {
        let query = QueryParameters("x=100%&y=%zz&z=%E2%82")
        #expect(query["x"] == "100%")
        #expect(query["y"] == "%zz")
        #expect(query["z"] == "\u{FFFD}")
    }

    @Test func noQueryIsEmpty() {
        #expect(QueryParameters(nil).isEmpty)
        #expect(QueryParameters("").isEmpty)
    }

    @Test func typedAccess() throws {
        let query = QueryParameters("limit=20&offset=abc")
        #expect(query.get("limit", as: Int.self) == 20)
        #expect(query.get("offset", as: Int.self) == nil)
        #expect(try query.parse("limit", as: Int.self) == 20)
        #expect(try query.parse("cursor", as: Int.self) == nil)
        let invalid = try #require(throws: HTTPError.self) { try query.parse("offset", as: Int.self) }
        #expect(invalid.status == .badRequest)
        #expect(invalid.message == "Query parameter 'offset' is invalid")
        let missing = try #require(throws: HTTPError.self) { try query.require("cursor", as: String.self) }
        #expect(missing.message == "Query parameter 'cursor' is required")
    }
}
