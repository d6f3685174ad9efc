/// The shared Base64 engine behind ``Base64`` (RFC 4648 §4, padded) and ``Base64URL`` (§5, unpadded).
///
/// Decoding is strict and canonical: only the alphabet's 64 characters (plus `=` padding where the variant
/// requires it), no whitespace, no impossible lengths, and the unused low bits of the last character must be zero,
/// so every byte string has exactly one accepted encoding.
struct Base64Codec: Sendable {
    /// Alphabet, 64 ASCII bytes.
    private let alphabet: [UInt8]
    /// Byte → 6-bit value, or `invalid`.
    private let values: [UInt8]
    /// Whether encodings carry `=` padding to a multiple of four characters.
    private let padded: Bool

    private static let invalid: UInt8 = 0xFF
    private static let padding = UInt8(ascii: "=")

    /// RFC 4648 §4 standard alphabet with padding.
    static let standard = Base64Codec(last2: "+/", padded: true)
    /// RFC 4648 §5 URL- and filename-safe alphabet without padding (JWS, JWK).
    static let url = Base64Codec(last2: "-_", padded: false)

    private init(last2: String, padded: Bool) {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789\(last2)".utf8)
        var values = [UInt8](repeating: Self.invalid, count: 256)
        for (index, byte) in alphabet.enumerated() { values[Int(byte)] = UInt8(index) }
        self.alphabet = alphabet
        self.values = values
        self.padded = padded
    }

    /// Encodes `bytes`.
    func encode(_ bytes: some Sequence<UInt8>) -> String {
        bytes.withContiguousBytes { input in
            let fullGroups = input.count / 3
            let remainder = input.count % 3
            let tail = remainder == 0 ? 0 : (padded ? 4 : remainder + 1)
            let length = fullGroups * 4 + tail
            return String(unsafeUninitializedCapacity: length) { output in
                alphabet.withUnsafeBufferPointer { alphabet in
                    var out = 0
                    var index = 0
                    for _ in 0..<fullGroups {
                        let value =
                            UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
                        output[out] = alphabet[Int(value >> 18)]
                        output[out + 1] = alphabet[Int(value >> 12 & 0x3F)]
                        output[out + 2] = alphabet[Int(value >> 6 & 0x3F)]
                        output[out + 3] = alphabet[Int(value & 0x3F)]
                        index += 3
                        out += 4
                    }
                    if remainder > 0 {
                        let second = remainder == 2 ? UInt32(input[index + 1]) : 0
                        let value = UInt32(input[index]) << 16 | second << 8
                        output[out] = alphabet[Int(value >> 18)]
                        output[out + 1] = alphabet[Int(value >> 12 & 0x3F)]
                        out += 2
                        if remainder == 2 {
                            output[out] = alphabet[Int(value >> 6 & 0x3F)]
                            out += 1
                        }
                        while padded && out < length {
                            output[out] = Self.padding
                            out += 1
                        }
                    }
                    return out
                }
            }
        }
    }

    /// Decodes `text`, rejecting anything but the canonical encoding.
    func decode(_ text: some Sequence<UInt8>) throws(CryptographyError) -> [UInt8] {
        let result: Result<[UInt8], CryptographyError> = text.withContiguousBytes { input in
            Result { () throws(CryptographyError) in try decode(buffer: input) }
        }
        return try result.get()
    }

    private func decode(buffer input: UnsafeRawBufferPointer) throws(CryptographyError) -> [UInt8] {
        var count = input.count
        if padded {
            guard count % 4 == 0 else { throw Self.error("length is not a multiple of 4") }
            if count > 0 && input[count - 1] == Self.padding {
                count -= 1
                if input[count - 1] == Self.padding { count -= 1 }
            }
        }
        let remainder = count % 4
        guard remainder != 1 else { throw Self.error("impossible length") }
        let outputCount = count / 4 * 3 + (remainder == 0 ? 0 : remainder - 1)
        var failed = false
        let output = values.withUnsafeBufferPointer { values in
            [UInt8](unsafeUninitializedCapacity: outputCount) { output, initialized in
                var index = 0
                var out = 0
                var accumulator: UInt32 = 0
                var bits = 0
                while index < count {
                    let value = values[Int(input[index])]
                    if value == Self.invalid {
                        failed = true
                        return
                    }
                    accumulator = accumulator << 6 | UInt32(value)
                    bits += 6
                    if bits >= 8 {
                        bits -= 8
                        output[out] = UInt8(truncatingIfNeeded: accumulator >> UInt32(bits))
                        out += 1
                        accumulator &= (1 << UInt32(bits)) - 1
                    }
                    index += 1
                }
                // Non-zero leftover bits mean a non-canonical encoding: reject so that a value has one spelling.
                if accumulator != 0 {
                    failed = true
                    return
                }
                initialized = out
            }
        }
        guard !failed else { throw Self.error("invalid character or non-zero trailing bits") }
        return output
    }

    private static func error(_ reason: String) -> CryptographyError {
        CryptographyError(.invalidBase64, reason: reason)
    }
}
