import Cryptography

/// A token split into its three compact-serialisation segments, with nothing decoded yet.
///
/// Splitting works on the UTF-8 bytes after the length check, so hostile input costs at most one scan of
/// ``JWTConfiguration/maximumTokenLength`` bytes.
struct CompactJWS {
    private let bytes: [UInt8]
    private let firstDot: Int
    private let secondDot: Int

    /// Splits `token`, requiring exactly three non-empty segments.
    init(_ token: String, maximumLength: Int) throws(JWTError) {
        guard token.utf8.count <= maximumLength else {
            throw JWTError(.malformed, reason: "token is longer than the configured maximum")
        }
        let bytes = Array(token.utf8)
        var dots: [Int] = []
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: ".") {
            guard dots.count < 2 else { throw JWTError(.malformed, reason: "token has more than three segments") }
            dots.append(index)
        }
        guard dots.count == 2 else { throw JWTError(.malformed, reason: "token has fewer than three segments") }
        guard dots[0] > 0, dots[1] > dots[0] + 1, dots[1] < bytes.count - 1 else {
            throw JWTError(.malformed, reason: "token has an empty segment")
        }
        self.bytes = bytes
        self.firstDot = dots[0]
        self.secondDot = dots[1]
    }

    /// `header.payload`, the bytes the signature covers.
    var signingInput: ArraySlice<UInt8> { bytes[..<secondDot] }

    /// The decoded header segment.
    func header() throws(JWTError) -> [UInt8] {
        try Self.decode(bytes[..<firstDot], segment: "header")
    }

    /// The decoded payload segment.
    func payload() throws(JWTError) -> [UInt8] {
        try Self.decode(bytes[(firstDot + 1)..<secondDot], segment: "payload")
    }

    /// The decoded signature segment.
    func signature() throws(JWTError) -> [UInt8] {
        try Self.decode(bytes[(secondDot + 1)...], segment: "signature")
    }

    private static func decode(_ segment: ArraySlice<UInt8>, segment name: String) throws(JWTError) -> [UInt8] {
        do {
            return try Base64URL.decode(bytes: segment)
        } catch {
            throw JWTError(.malformed, reason: "\(name) is not strict Base64URL", underlying: error)
        }
    }
}
