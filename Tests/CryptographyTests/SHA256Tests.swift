import Cryptography
import Testing

@Suite struct SHA256Tests {
    struct Vector: Sendable, CustomTestStringConvertible {
        var name: String
        var message: [UInt8]
        var digest: String
        var testDescription: String { name }
    }

    /// FIPS 180-2 appendix B / NIST CAVP examples.
    static let vectors: [Vector] = [
        Vector(
            name: "empty",
            message: [],
            digest: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        ),
        Vector(
            name: "abc",
            message: Array("abc".utf8),
            digest: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        ),
        Vector(
            name: "448 bits",
            message: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
            digest: "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        Vector(
            name: "896 bits",
            message: Array(
                ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                    + "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu").utf8
            ),
            digest: "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
        Vector(
            name: "one million a",
            message: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000),
            digest: "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        ),
    ]

    @Test(arguments: vectors)
    func oneShot(_ vector: Vector) {
        let digest = SHA256.hash(vector.message)
        #expect(digest.count == SHA256.byteCount)
        #expect(digest.hex == vector.digest)
    }

    @Test(arguments: vectors)
    func streamingInUnevenChunks(_ vector: Vector) {
        var hasher = SHA256()
        var rest = vector.message[...]
        var chunkSize = 1
        while !rest.isEmpty {
            hasher.update(rest.prefix(chunkSize))
            rest = rest.dropFirst(chunkSize)
            chunkSize = chunkSize * 3 + 1
        }
        #expect(hasher.finalize().hex == vector.digest)
    }

    @Test func acceptsStringUTF8AndNonContiguousSequences() {
        let expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        #expect(SHA256.hash("abc".utf8).hex == expected)
        #expect(SHA256.hash("abc".utf8.lazy.map { $0 }).hex == expected)
    }
}
