/// The `aud` (audience) claim: a single string or an array of strings (RFC 7519 §4.1.3).
package struct AudienceClaim: Codable, Hashable, Sendable {
    /// The audiences; one element when the JSON held a single string.
    package var values: [String]

    /// Creates the claim.
    ///
    /// - Parameter values: The audiences; encoded as a plain string when there is exactly one.
    package init(values: [String]) {
        self.values = values
    }

    /// Decodes a JSON string or a non-empty array of strings.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let single = try? container.decode(String.self) {
            self.values = [single]
        } else {
            let values = try container.decode([String].self)
            guard !values.isEmpty else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "empty audience array")
            }
            self.values = values
        }
    }

    /// Encodes one audience as a string, several as an array.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if values.count == 1 { try container.encode(values[0]) } else { try container.encode(values) }
    }

    /// Checks that `audience` (our OAuth client ID, for an ID token) is among the audiences.
    ///
    /// - Parameter audience: The audience this service is.
    /// - Throws: ``JWTError`` with code `invalidClaim` otherwise.
    package func verify(contains audience: String) throws(JWTError) {
        guard values.contains(audience) else {
            throw JWTError(.invalidClaim, reason: "token is for another audience", claim: "aud")
        }
    }
}
