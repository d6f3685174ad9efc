import HTTPCore
import Testing

@Suite struct HTTPRequestHeadTests {
    @Test func pathAndQuerySplitAtFirstQuestionMark() {
        let head = HTTPRequestHead(method: .get, target: "/a/b?x=1?y")
        #expect(head.path == "/a/b")
        #expect(head.query == "x=1?y")
        #expect(HTTPRequestHead(method: .get, target: "/a").query == nil)
    }

    @Test(arguments: [
        (HTTPVersion.http1_1, [String](), true),
        (.http1_1, ["close"], false),
        (.http1_1, ["Keep-Alive, Close"], false),
        (.http1_0, [], false),
        (.http1_0, ["keep-alive"], true),
    ])
    func keepAliveFollowsVersionAndConnection(version: HTTPVersion, connection: [String], expected: Bool) {
        let head = HTTPRequestHead(
            method: .get,
            target: "/",
            version: version,
            headers: HTTPFields(connection.map { ("Connection", $0) })
        )
        #expect(head.keepAlive == expected)
    }

    @Test(arguments: [
        (HTTPVersion.http1_1, "100-continue", true),
        (.http1_1, " 100-CONTINUE ", true),
        (.http1_1, "something-else", false),
        (.http1_0, "100-continue", false),
    ])
    func expectsContinueOnlyForHTTP11(version: HTTPVersion, expect: String, expected: Bool) {
        let head = HTTPRequestHead(method: .post, target: "/", version: version, headers: ["Expect": expect])
        #expect(head.expectsContinue == expected)
        #expect(!HTTPRequestHead(method: .post, target: "/").expectsContinue)
    }
}
