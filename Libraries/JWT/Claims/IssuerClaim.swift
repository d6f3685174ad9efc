/// The `iss` (issuer) claim, e.g. `https://accounts.google.com` in a Google ID token.
package struct IssuerClaim: Codable, Hashable, Sendable {
    /// The issuer identifier.
    package var value: String

    /// Creates the claim.
    ///
    /// - Parameter value: The issuer identifier.
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

    /// Checks that the issuer is one of `accepted`.
    ///
    /// - Parameter accepted: The issuers to accept (Google uses both `https://accounts.google.com` and
    ///   `accounts.google.com`).
    /// - Throws: ``JWTError`` with code `invalidClaim` otherwise.
    package func verify(isOneOf accepted: [String]) throws(JWTError) {
        guard accepted.contains(value) else {
            throw JWTError(.invalidClaim, reason: "issuer is not accepted", claim: "iss")
        }
    }
}
