import Cryptography
import Testing

@Suite struct Base64Tests {
    /// RFC 4648 §10 test vectors.
    static let vectors: [(String, String)] = [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ]

    @Test(arguments: vectors)
    func encodesAndDecodes(_ plain: String, _ encoded: String) throws {
        #expect(Base64.encode(plain.utf8) == encoded)
        #expect(try Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test func usesTheStandardAlphabet() throws {
        #expect(Base64.encode([0xFB, 0xFF]) == "+/8=")
        #expect(try Base64.decode("///+") == [0xFF, 0xFF, 0xFE])
    }

    static let rejected: [String] = [
        "Zg",  // missing padding
        "Zg=",  // length not a multiple of 4
        "Z===",  // too much padding
        "====",  // only padding
        "=Zg=",  // padding first
        "Zg==Zg==",  // padding in the middle
        "-_8=",  // URL alphabet
        "Zh==",  // non-zero unused bits
        " Zg=",  // whitespace
        "Zm9v\r\n",  // line break
    ]

    @Test(arguments: rejected)
    func rejectsNonCanonicalInput(_ text: String) {
        #expect(throws: CryptographyError.self) { try Base64.decode(text) }
    }
}
