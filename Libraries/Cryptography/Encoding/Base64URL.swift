/// Base64URL without padding (RFC 4648 §5), the encoding of JWS segments and JWK members.
///
/// ```swift
/// let segment = Base64URL.encode(signature)          // "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
/// let bytes = try Base64URL.decode(segment)
/// ```
///
/// Decoding is strict: it rejects `=` padding, characters outside `A–Z a–z 0–9 - _` (so `+`, `/`, whitespace and
/// non-ASCII), lengths of 4n+1 characters, and non-zero unused bits in the last character, so every byte string
/// has exactly one accepted encoding. All functions are pure and safe from any thread.
package enum Base64URL {
    /// Encodes `bytes` as unpadded Base64URL.
    ///
    /// - Parameter bytes: The bytes to encode.
    /// - Returns: The encoding, `ceil(4n/3)` ASCII characters.
    package static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Base64Codec.url.encode(bytes)
    }

    /// Decodes strict, unpadded Base64URL.
    ///
    /// - Parameter text: The encoded text.
    /// - Returns: The decoded bytes.
    /// - Throws: ``CryptographyError`` with code `invalidBase64`.
    package static func decode(_ text: String) throws(CryptographyError) -> [UInt8] {
        try Base64Codec.url.decode(text.utf8)
    }

    /// Decodes strict, unpadded Base64URL from its UTF-8 bytes (e.g. a slice of a token).
    ///
    /// - Parameter text: The encoded text as bytes.
    /// - Returns: The decoded bytes.
    /// - Throws: ``CryptographyError`` with code `invalidBase64`.
    package static func decode(bytes text: some Sequence<UInt8>) throws(CryptographyError) -> [UInt8] {
        try Base64Codec.url.decode(text)
    }
}
