import GatewayService
import HTTPRouter
import Testing

@Suite struct SessionSourceTests {
    @Test func decodesContractC2Pages() throws {
        let text = #"""
            {"cursor":"42","changes":[{"userId":"u1","tokenVersion":3,"role":"ADMIN","defaultCurrency":"EUR"},
            {"userId":"u2","tokenVersion":0,"role":"USER","defaultCurrency":null},{"userId":"u3","tokenVersion":1,"role":"USER"}]}
            """#
        let page = try JSONCoding.decode(SessionChanges.self, from: Array(text.utf8))
        #expect(page.cursor == "42")
        #expect(
            page.changes == [
                Session(userId: "u1", tokenVersion: 3, role: "ADMIN", defaultCurrency: "EUR"),
                Session(userId: "u2", tokenVersion: 0, role: "USER", defaultCurrency: nil),
                Session(userId: "u3", tokenVersion: 1, role: "USER", defaultCurrency: nil),
            ]
        )
        let numeric = try JSONCoding.decode(SessionChanges.self, from: Array(#"{"cursor":7,"changes":[]}"#.utf8))
        #expect(numeric.cursor == "7")
        #expect(throws: (any Error).self) {
            try JSONCoding.decode(SessionChanges.self, from: Array(#"{"changes":[]}"#.utf8))
        }
    }
}
