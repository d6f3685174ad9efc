/// Why a token was rejected, or a key or payload could not be used.
///
/// Verification maps every failure to exactly one ``Code``; the HTTP layer turns them all into 401 without
/// telling the client which one. ``description`` holds the code, a fixed reason and the claim name: never the
/// token, a key, or header values an attacker chose.
package struct JWTError: Error, CustomStringConvertible {
    /// The kind of failure.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case malformed
            case unsupportedAlgorithm
            case invalidSignature
            case expired
            case notYetValid
            case missingClaim
            case invalidClaim
            case unknownKey
            case invalidKey
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// Not a compact JWS we accept: too long, not three non-empty segments, bad Base64URL, header or payload
        /// not a JSON object, unsupported `typ` or `crit`.
        package static let malformed = Code(.malformed)
        /// The header's `alg` is missing or is not the one algorithm the verifier is pinned to.
        package static let unsupportedAlgorithm = Code(.unsupportedAlgorithm)
        /// The signature does not match the header and payload under the selected key.
        package static let invalidSignature = Code(.invalidSignature)
        /// `exp` (plus leeway) is not after the verification time.
        package static let expired = Code(.expired)
        /// `nbf` (minus leeway) is after the verification time.
        package static let notYetValid = Code(.notYetValid)
        /// A claim the payload type requires is absent.
        package static let missingClaim = Code(.missingClaim)
        /// A claim has the wrong type or an unacceptable value.
        package static let invalidClaim = Code(.invalidClaim)
        /// No key matches the header's `kid` (or there is no default key for a token without one).
        package static let unknownKey = Code(.unknownKey)
        /// A key could not be added: too short, duplicate or malformed `kid`, unusable RSA key.
        package static let invalidKey = Code(.invalidKey)

        /// The code's name, e.g. `expired`.
        package var description: String { "\(value)" }
    }

    /// The kind of failure.
    package var code: Code
    /// A fixed, human-readable reason; never contains token content or key material.
    package var reason: String
    /// The claim concerned, as a dotted coding path (`exp`, `role`), for claim failures.
    package var claim: String?
    /// The error that caused this one (a `DecodingError`, a `CryptographyError`), if any.
    package var underlying: (any Error)?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - reason: A fixed reason that contains no token content and no secret.
    ///   - claim: The claim concerned, if any.
    ///   - underlying: The causing error, if any.
    package init(_ code: Code, reason: String, claim: String? = nil, underlying: (any Error)? = nil) {
        self.code = code
        self.reason = reason
        self.claim = claim
        self.underlying = underlying
    }

    /// `JWTError.<code>: <reason>` and the claim name; safe to log.
    package var description: String {
        guard let claim else { return "JWTError.\(code): \(reason)" }
        return "JWTError.\(code): \(reason) (claim \(claim))"
    }
}
