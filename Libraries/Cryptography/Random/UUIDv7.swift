import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// UUID version 7 (RFC 9562): a Unix-millisecond timestamp followed by a counter and random bits.
///
/// ```swift
/// let id = UUIDv7.make()     // "01890a5d-ac96-774b-bcce-b302099a8057"
/// ```
///
/// IDs made in one process are strictly increasing, as bytes and as lowercase strings, which keeps B-tree
/// inserts at the right edge of the index. Randomness comes from ``SecureRandom``; the state is one
/// ``UUIDv7Generator`` behind a `Mutex` held for a few instructions. Safe from any thread, never blocks.
package enum UUIDv7 {
    private static let generator = Mutex(UUIDv7Generator())

    /// Makes a new UUIDv7 in canonical form: 36 lowercase characters, `8-4-4-4-12`.
    ///
    /// - Returns: The UUID string.
    package static func make() -> String {
        canonicalString(makeBytes())
    }

    /// Makes a new UUIDv7 as 16 bytes in network byte order.
    ///
    /// - Returns: The UUID bytes.
    package static func makeBytes() -> [UInt8] {
        // One DRBG call for both random words: RAND_bytes has a fixed cost per call.
        var random: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &random) { SecureRandom.fill($0) }
        let (seed, tail) = (random.0, UInt32(truncatingIfNeeded: random.1))
        let now = currentUnixMilliseconds()
        return generator.withLock { $0.next(unixMilliseconds: now, seed: seed, tail: tail) }
    }

    /// Formats 16 UUID bytes as the canonical lowercase `8-4-4-4-12` string.
    ///
    /// - Parameter bytes: Exactly 16 bytes.
    /// - Returns: The 36-character string.
    package static func canonicalString(_ bytes: [UInt8]) -> String {
        precondition(bytes.count == 16, "a UUID has 16 bytes")
        let hex = Array(Hex.encode(bytes).utf8)
        return String(unsafeUninitializedCapacity: 36) { output in
            var out = 0
            for (index, digit) in hex.enumerated() {
                if index == 8 || index == 12 || index == 16 || index == 20 {
                    output[out] = UInt8(ascii: "-")
                    out += 1
                }
                output[out] = digit
                out += 1
            }
            return out
        }
    }

    /// The canonical lowercase form of any UUID text (`8-4-4-4-12` hex digits, either case), or `nil` when
    /// `text` is not one. Ids in URLs and bodies go through this before they reach a query.
    package static func normalized(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return nil }
        var result: [UInt8] = []
        result.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            switch (index, byte) {
            case (8, UInt8(ascii: "-")), (13, UInt8(ascii: "-")), (18, UInt8(ascii: "-")), (23, UInt8(ascii: "-")):
                result.append(byte)
            case (8, _), (13, _), (18, _), (23, _):
                return nil
            case (_, UInt8(ascii: "0")...UInt8(ascii: "9")), (_, UInt8(ascii: "a")...UInt8(ascii: "f")):
                result.append(byte)
            case (_, UInt8(ascii: "A")...UInt8(ascii: "F")):
                result.append(byte + 0x20)
            default:
                return nil
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Whether `text` is a UUID in canonical lowercase form (how PayLinks writes every id).
    package static func isCanonical(_ text: String) -> Bool { normalized(text) == text }

    /// Returns the Unix-millisecond timestamp of a canonical lowercase UUIDv7 string, or `nil` if `text` is not
    /// one (wrong length, dashes, case, version or variant).
    ///
    /// - Parameter text: The candidate UUID string.
    /// - Returns: The embedded timestamp in milliseconds.
    package static func unixMilliseconds(of text: String) -> UInt64? {
        let utf8 = Array(text.utf8)
        guard utf8.count == 36 else { return nil }
        var digits = [UInt8]()
        for (index, byte) in utf8.enumerated() {
            if index == 8 || index == 13 || index == 18 || index == 23 {
                guard byte == UInt8(ascii: "-") else { return nil }
            } else {
                let isLowerHex =
                    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
                guard isLowerHex else { return nil }
                digits.append(byte)
            }
        }
        guard let bytes = try? Hex.decode(String(decoding: digits, as: UTF8.self)),
            bytes[6] >> 4 == 0x7, bytes[8] >> 6 == 0b10
        else { return nil }
        return bytes[0..<6].reduce(0) { $0 << 8 | UInt64($1) }
    }

    private static func currentUnixMilliseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return UInt64(max(0, time.tv_sec)) * 1000 + UInt64(max(0, time.tv_nsec)) / 1_000_000
    }
}
