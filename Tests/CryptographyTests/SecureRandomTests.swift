import Cryptography
import Testing

@Suite struct SecureRandomTests {
    @Test(arguments: [0, 1, 16, 32, 1000])
    func returnsTheRequestedCount(_ count: Int) {
        #expect(SecureRandom.bytes(count: count).count == count)
    }

    @Test func valuesDiffer() {
        // Two equal 32-byte draws have probability 2^-256.
        #expect(SecureRandom.bytes(count: 32) != SecureRandom.bytes(count: 32))
        // 4096 bytes that are all zero (a broken RNG) or use few distinct values would fail this.
        #expect(Set(SecureRandom.bytes(count: 4096)).count > 200)
    }

    @Test func tokenIs256BitsOfBase64URL() throws {
        let token = SecureRandom.token()
        #expect(token.utf8.count == 43)
        #expect(try Base64URL.decode(token).count == 32)
        #expect(token != SecureRandom.token())
        #expect(try Base64URL.decode(SecureRandom.token(byteCount: 48)).count == 48)
    }

    @Test func generatorWorksWithStandardLibraryAPIs() {
        var generator = SecureRandomNumberGenerator()
        let values = (0..<100).map { _ in Int.random(in: 0..<1_000_000, using: &generator) }
        #expect(values.allSatisfy { (0..<1_000_000).contains($0) })
        #expect(Set(values).count > 90)
    }
}
