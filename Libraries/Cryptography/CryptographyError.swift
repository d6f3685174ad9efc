/// Why a cryptographic operation or a decoding step failed.
///
/// The ``description`` names the kind of failure and a fixed reason; it never contains key material or the
/// input that was being decoded. ``debugDescription`` adds the OpenSSL error text when there is one.
package struct CryptographyError: Error, CustomStringConvertible, CustomDebugStringConvertible {
    /// The kind of failure.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case invalidBase64
            case invalidHex
            case invalidKey
            case openSSLFailure
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The input is not valid Base64 or Base64URL in the strict form the decoder accepts.
        package static let invalidBase64 = Code(.invalidBase64)
        /// The input is not an even-length string of hexadecimal digits.
        package static let invalidHex = Code(.invalidHex)
        /// Key material was rejected (size, exponent, structure).
        package static let invalidKey = Code(.invalidKey)
        /// OpenSSL reported an unexpected failure.
        package static let openSSLFailure = Code(.openSSLFailure)

        /// The code's name, e.g. `invalidBase64`.
        package var description: String { "\(value)" }
    }

    /// The kind of failure.
    package var code: Code
    /// A fixed, human-readable reason; never contains the input.
    package var reason: String
    /// The OpenSSL error queue text captured at the failure, if OpenSSL was involved.
    package var openSSLError: String?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - reason: A fixed reason that contains no secret and no input.
    ///   - openSSLError: The OpenSSL error text, if any.
    package init(_ code: Code, reason: String, openSSLError: String? = nil) {
        self.code = code
        self.reason = reason
        self.openSSLError = openSSLError
    }

    /// `CryptographyError.<code>: <reason>`; safe to log.
    package var description: String { "CryptographyError.\(code): \(reason)" }

    /// ``description`` plus the OpenSSL error text, if any.
    package var debugDescription: String {
        guard let openSSLError else { return description }
        return "\(description) (\(openSSLError))"
    }
}
