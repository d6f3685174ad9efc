import HTTPCore
import Testing

@Suite struct HTTPFieldsTests {
    @Test func lookupIgnoresCaseAndKeepsOrder() {
        var fields: HTTPFields = ["Content-Type": "text/plain"]
        fields.add("set-cookie", "a=1")
        fields.add("Set-Cookie", "b=2")
        #expect(fields["content-type"] == "text/plain")
        #expect(fields.values(for: "SET-COOKIE") == ["a=1", "b=2"])
        #expect(fields.contains("Set-cookie"))
        #expect(!fields.contains("Cookie"))
        #expect(fields.count == 3)
    }

    @Test func setReplacesAllAndNilRemoves() {
        var fields = HTTPFields([("A", "1"), ("B", "2"), ("a", "3")])
        fields["A"] = "9"
        #expect(Array(fields) == [.init(name: "A", value: "9"), .init(name: "B", value: "2")])
        fields["b"] = nil
        #expect(Array(fields) == [.init(name: "A", value: "9")])
        fields.remove("a")
        #expect(fields.isEmpty)
    }

    @Test func equalityIsOrderedAndExact() {
        #expect(HTTPFields([("A", "1"), ("B", "2")]) == HTTPFields([("A", "1"), ("B", "2")]))
        #expect(HTTPFields([("A", "1"), ("B", "2")]) != HTTPFields([("B", "2"), ("A", "1")]))
        #expect(HTTPFields([("A", "1")]) != HTTPFields([("a", "1")]))
    }

    @Test func reserveCapacityKeepsContents() {
        var fields: HTTPFields = ["A": "1"]
        fields.reserveCapacity(64)
        fields.add("B", "2")
        #expect(fields.values(for: "a") == ["1"])
        #expect(fields.count == 2)
    }

    @Test func caseInsensitiveComparisonIsASCIIOnly() {
        #expect("Content-Length".equalsIgnoringASCIICase("content-LENGTH"))
        #expect(!"É".equalsIgnoringASCIICase("é"))
        #expect(!"ab".equalsIgnoringASCIICase("abc"))
        #expect(!"[".equalsIgnoringASCIICase("{"), "only letters fold")
    }
}
