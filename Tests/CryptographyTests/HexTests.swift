import Cryptography
import Testing

@Suite struct HexTests {
    @Test func encodesLowercase() {
        #expect(Hex.encode([]) == "")
        #expect(Hex.encode([0x00, 0x01, 0x7F, 0x80, 0xAB, 0xFF]) == "00017f80abff")
        #expect([UInt8]([0xDE, 0xAD, 0xBE, 0xEF]).hex == "deadbeef")
    }

    @Test func decodesEitherCase() throws {
        #expect(try Hex.decode("00017f80abff") == [0x00, 0x01, 0x7F, 0x80, 0xAB, 0xFF])
        #expect(try Hex.decode("DEADbeef") == [0xDE, 0xAD, 0xBE, 0xEF])
        #expect(try Hex.decode("") == [])
    }

    @Test(arguments: ["abc", "0g", "zz", " 00", "0x00", "ü0"])
    func rejectsInvalidText(_ text: String) {
        #expect(throws: CryptographyError.self) { try Hex.decode(text) }
    }
}
