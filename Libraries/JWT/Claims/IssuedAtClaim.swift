/// The `iat` (issued-at time) claim, an RFC 7519 NumericDate in seconds since the Unix epoch.
///
/// When the token was issued; a token issued in the future (beyond leeway) or after its own `exp` is rejected.
/// Decoding accepts an integer or a fractional JSON number (rounded down) from 0 to year 9999.
package struct IssuedAtClaim: Codable, Hashable, Sendable {
    /// Seconds since 1970-01-01T00:00:00Z.
    package var value: Int64

    /// Creates the claim.
    ///
    /// - Parameter value: Seconds since the Unix epoch.
    package init(value: Int64) {
        self.value = value
    }

    /// Decodes a NumericDate; throws `DecodingError.dataCorrupted` outside 0…year 9999.
    package init(from decoder: any Decoder) throws {
        self.value = try NumericDate.decode(from: decoder)
    }

    /// Encodes the seconds as a JSON integer.
    package func encode(to encoder: any Encoder) throws {
        try NumericDate.encode(value, to: encoder)
    }
}
