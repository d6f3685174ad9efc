/// The `sub` (subject) claim: whom the token is about, e.g. a user ID.
package struct SubjectClaim: Codable, Hashable, Sendable {
    /// The subject identifier.
    package var value: String

    /// Creates the claim.
    ///
    /// - Parameter value: The subject identifier.
    package init(value: String) {
        self.value = value
    }

    /// Decodes a JSON string.
    package init(from decoder: any Decoder) throws {
        self.value = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes the value as a JSON string.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
