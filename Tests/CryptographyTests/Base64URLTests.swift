import Cryptography
import Testing

@Suite struct Base64URLTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        var bytes: [UInt8]
        var encoded: String
        var testDescription: String { "\"\(encoded)\"" }
    }

    /// RFC 4648 §10 test vectors, unpadded, plus bytes that use the two URL-safe characters.
    static let vectors: [Vector] = [
        Vector(bytes: [], encoded: ""),
        Vector(bytes: Array("f".utf8), encoded: "Zg"),
        Vector(bytes: Array("fo".utf8), encoded: "Zm8"),
        Vector(bytes: Array("foo".utf8), encoded: "Zm9v"),
        Vector(bytes: Array("foob".utf8), encoded: "Zm9vYg"),
        Vector(bytes: Array("fooba".utf8), encoded: "Zm9vYmE"),
        Vector(bytes: Array("foobar".utf8), encoded: "Zm9vYmFy"),
        Vector(bytes: [0xFB, 0xFF], encoded: "-_8"),
        Vector(bytes: [0xFF, 0xFF, 0xFE], encoded: "___-"),
        Vector(bytes: [0x00, 0x10, 0x83, 0x10, 0x51, 0x87], encoded: "ABCDEFGH"),
    ]

    @Test(arguments: vectors)
    func encodes(_ vector: Vector) {
        #expect(Base64URL.encode(vector.bytes) == vector.encoded)
    }

    @Test(arguments: vectors)
    func decodes(_ vector: Vector) throws {
        #expect(try Base64URL.decode(vector.encoded) == vector.bytes)
        #expect(try Base64URL.decode(bytes: Array(vector.encoded.utf8)[...]) == vector.bytes)
    }

    @Test func roundTripsEveryLengthAndByteValue() throws {
        for length in 0..<70 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ length) }
            #expect(try Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        }
        let all = (0...255).map { UInt8($0) }
        #expect(try Base64URL.decode(Base64URL.encode(all)) == all)
    }

    static let rejected: [String] = [
        "Zg==",  // padding
        "Zm8=",  // padding
        "Zg=",  // padding, odd place
        "+/8",  // standard alphabet
        "Zm9v/w",  // '/' in the middle
        "Z",  // 4n+1 characters: impossible
        "Zm9vY",  // 4n+1 characters: impossible
        "Zh",  // non-zero unused bits: "f" is only "Zg"
        "Zm9",  // non-zero unused bits: "fo" is only "Zm8"
        "Zm 9v",  // whitespace
        "Zm9v\n",  // line break
        "Zm9v\u{0}",  // NUL
        "Zé",  // non-ASCII
        "Zm9v😀",  // non-ASCII, 4-byte UTF-8
        ".",  // separator
    ]

    @Test(arguments: rejected)
    func rejectsNonCanonicalInput(_ text: String) {
        let error = #expect(throws: CryptographyError.self) { try Base64URL.decode(text) }
        #expect(error?.code == .invalidBase64)
    }
}
