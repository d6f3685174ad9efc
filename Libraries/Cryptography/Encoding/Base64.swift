/// Standard Base64 with padding (RFC 4648 §4).
///
/// Decoding is strict: the length must be a multiple of four, `=` may only end the text (at most two), no
/// whitespace or line breaks, and the unused bits of the last character must be zero. All functions are pure and
/// safe from any thread.
package enum Base64 {
    /// Encodes `bytes` as padded standard Base64.
    ///
    /// - Parameter bytes: The bytes to encode.
    /// - Returns: The encoding, `4 * ceil(n/3)` ASCII characters.
    package static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Base64Codec.standard.encode(bytes)
    }

    /// Decodes strict, padded standard Base64.
    ///
    /// - Parameter text: The encoded text.
    /// - Returns: The decoded bytes.
    /// - Throws: ``CryptographyError`` with code `invalidBase64`.
    package static func decode(_ text: String) throws(CryptographyError) -> [UInt8] {
        try Base64Codec.standard.decode(text.utf8)
    }
}
