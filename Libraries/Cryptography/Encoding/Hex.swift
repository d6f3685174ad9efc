/// Hexadecimal (base 16) encoding: lowercase out, either case in.
///
/// ```swift
/// Hex.encode([0xde, 0xad])          // "dead"
/// SHA256.hash(body.utf8).hex        // the same, through the `hex` property
/// try Hex.decode("DEAD")            // [0xde, 0xad]
/// ```
package enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Encodes `bytes` as lowercase hexadecimal, two characters per byte.
    ///
    /// - Parameter bytes: The bytes to encode.
    /// - Returns: The hexadecimal text.
    package static func encode(_ bytes: some Sequence<UInt8>) -> String {
        bytes.withContiguousBytes { input in
            String(unsafeUninitializedCapacity: input.count * 2) { output in
                for (index, byte) in input.enumerated() {
                    output[index * 2] = digits[Int(byte >> 4)]
                    output[index * 2 + 1] = digits[Int(byte & 0x0F)]
                }
                return input.count * 2
            }
        }
    }

    /// Decodes hexadecimal text of even length, in upper or lower case.
    ///
    /// - Parameter text: The hexadecimal text; no prefix, separators or whitespace.
    /// - Returns: The decoded bytes.
    /// - Throws: ``CryptographyError`` with code `invalidHex`.
    package static func decode(_ text: String) throws(CryptographyError) -> [UInt8] {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { throw CryptographyError(.invalidHex, reason: "odd length") }
        var output = [UInt8]()
        output.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = value(of: utf8[index]), let low = value(of: utf8[index + 1]) else {
                throw CryptographyError(.invalidHex, reason: "invalid character")
            }
            output.append(high << 4 | low)
            index += 2
        }
        return output
    }

    private static func value(of digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
