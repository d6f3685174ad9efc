/// Decoding and encoding of RFC 7519 NumericDate values (seconds since the Unix epoch).
///
/// Integers are the norm; a JSON number with a fraction is accepted and rounded down, as RFC 7519 §2 allows
/// non-integer values. Values outside 0…253402300799 (year 9999) are rejected, which also keeps the claim
/// arithmetic far away from overflow.
enum NumericDate {
    /// The accepted range in seconds.
    static let range: ClosedRange<Int64> = 0...253_402_300_799

    static func decode(from decoder: any Decoder) throws -> Int64 {
        let container = try decoder.singleValueContainer()
        if let seconds = try? container.decode(Int64.self) {
            guard range.contains(seconds) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "NumericDate out of range")
            }
            return seconds
        }
        let seconds = try container.decode(Double.self)
        guard seconds.isFinite, seconds >= 0, seconds <= Double(range.upperBound) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "NumericDate out of range")
        }
        return Int64(seconds.rounded(.down))
    }

    static func encode(_ seconds: Int64, to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(seconds)
    }
}
