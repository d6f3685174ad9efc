import Cryptography
import Foundation
import Testing

@Suite struct UUIDv7Tests {
    @Test func hasCanonicalLowercaseFormWithVersionAndVariant() throws {
        let id = UUIDv7.make()
        let utf8 = Array(id.utf8)
        #expect(utf8.count == 36)
        for (index, byte) in utf8.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                #expect(byte == UInt8(ascii: "-"))
            } else {
                #expect("0123456789abcdef".utf8.contains(byte), "non-lowercase-hex at \(index) in \(id)")
            }
        }
        #expect(utf8[14] == UInt8(ascii: "7"), "version nibble")
        #expect("89ab".utf8.contains(utf8[19]), "variant 10xx")
        // Foundation agrees that it is a UUID.
        let parsed = try #require(UUID(uuidString: id))
        #expect(parsed.uuidString.lowercased() == id)
    }

    @Test func bytesCarryVersionAndVariantBits() {
        let bytes = UUIDv7.makeBytes()
        #expect(bytes.count == 16)
        #expect(bytes[6] >> 4 == 0x7)
        #expect(bytes[8] >> 6 == 0b10)
    }

    @Test func embedsTheCurrentUnixMilliseconds() throws {
        let before = UInt64(Date().timeIntervalSince1970 * 1000)
        let id = UUIDv7.make()
        let after = UInt64(Date().timeIntervalSince1970 * 1000)
        let milliseconds = try #require(UUIDv7.unixMilliseconds(of: id))
        // One millisecond of slack each way for rounding between the two clocks.
        #expect(milliseconds + 1 >= before && milliseconds <= after + 1)
    }

    @Test func thousandConsecutiveIDsAreStrictlyIncreasing() {
        let ids = (0..<1000).map { _ in UUIDv7.make() }
        for (previous, next) in zip(ids, ids.dropFirst()) {
            #expect(previous < next, "\(previous) !< \(next)")
        }
        #expect(Set(ids).count == 1000)
    }

    @Test func idsFromConcurrentTasksAreUnique() async {
        let ids = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<4 { group.addTask { (0..<500).map { _ in UUIDv7.make() } } }
            return await group.reduce(into: [String]()) { $0 += $1 }
        }
        #expect(Set(ids).count == 2000)
    }

    @Test(arguments: [
        "",
        "01890a5d-ac96-774b-bcce-b302099a805",  // too short
        "01890A5D-AC96-774B-BCCE-B302099A8057",  // uppercase
        "01890a5d-ac96-474b-bcce-b302099a8057",  // version 4
        "01890a5d-ac96-774b-7cce-b302099a8057",  // variant 0xxx
        "01890a5dac96-774b-bcce-b302099a8057-",  // dashes misplaced
    ])
    func rejectsNonCanonicalOrOtherVersions(_ text: String) {
        #expect(UUIDv7.unixMilliseconds(of: text) == nil)
    }

    @Test func parsesAKnownTimestamp() {
        // RFC 9562 appendix A.6 example: 2022-02-22T19:22:22Z = 0x017F22E279B0 ms.
        #expect(UUIDv7.unixMilliseconds(of: "017f22e2-79b0-7cc3-98c4-dc0c0c07398f") == 0x017F_22E2_79B0)
    }

    @Test func normalizedAcceptsEitherCaseAndRefusesEverythingElse() {
        let made = UUIDv7.make()
        #expect(UUIDv7.normalized(made) == made)
        #expect(UUIDv7.normalized(made.uppercased()) == made)
        #expect(UUIDv7.isCanonical(made))
        #expect(!UUIDv7.isCanonical(made.uppercased()))
        for bad in [
            "", String(made.dropLast()), made + "0", made.replacingOccurrences(of: "-", with: "_"),
            "0193" + String(repeating: "g", count: 4) + String(made.dropFirst(8)), "{\(made.dropFirst(2))}",
            String(made.prefix(35)) + "\u{0}",
        ] {
            #expect(UUIDv7.normalized(bad) == nil, "\(bad)")
        }
    }
}
