/// Why an ``IdentityAssertion`` was refused; services answer any of these with 401.
package struct IdentityAssertionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case missing, malformed, badSignature, expired, wrongAudience
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// No assertion header.
        package static let missing = Code(.missing)
        /// Not in the `v1;…;sig=…` format, or a required field is absent or invalid.
        package static let malformed = Code(.malformed)
        /// The signature does not match any configured internal key.
        package static let badSignature = Code(.badSignature)
        /// Past its expiry (or issued implausibly far in the future).
        package static let expired = Code(.expired)
        /// Issued for another service.
        package static let wrongAudience = Code(.wrongAudience)

        package var description: String { value.rawValue }
    }

    /// The kind of failure.
    package var code: Code

    /// Creates an error.
    package init(_ code: Code) { self.code = code }

    package var description: String { "identity assertion refused: \(code)" }
}
