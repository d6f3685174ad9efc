import HTTPRouter
import Testing

@Suite struct RequestIDTests {
    @Test func generatesTimeOrderedUUIDv7() throws {
        let first = RequestID.generate()
        let ids = (0..<200).map { _ in RequestID.generate() }
        #expect(Set(ids).count == 200)
        for id in ids {
            let parts = id.split(separator: "-")
            #expect(parts.map(\.count) == [8, 4, 4, 4, 12])
            #expect(parts[2].first == "7")
            #expect(["8", "9", "a", "b"].contains(parts[3].first))
            #expect(id.allSatisfy { $0.isHexDigit || $0 == "-" } && id == id.lowercased())
        }
        // The first 12 hex digits are the millisecond timestamp: never decreasing.
        let last = try #require(ids.last)
        #expect(first.prefix(13) <= last.prefix(13))
    }

    @Test(arguments: [
        ("abc", true), ("01J9-ZZ_x.y:z", true), (String(repeating: "a", count: 128), true),
        ("", false), (String(repeating: "a", count: 129), false), ("a b", false), ("a\"b", false),
        ("a\nb", false), ("é", false), ("a/b", false),
    ])
    func acceptsOnlySaneIncomingIDs(id: String, acceptable: Bool) {
        #expect(RequestID.isAcceptable(id) == acceptable)
        #expect((RequestID.resolve(incoming: id) == id) == acceptable)
    }
}
