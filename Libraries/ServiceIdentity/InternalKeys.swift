import Cryptography

/// The platform's internal signing keys: the current one signs identity assertions, the current and the
/// previous one verify them (so a key can be rotated without refusing requests in flight).
///
/// Configured from `PAYLINKS_INTERNAL_KEY` (and optionally `PAYLINKS_INTERNAL_KEY_PREVIOUS`), the same on the
/// gateway and every service; at least 32 bytes of random text.
package struct InternalKeys: Sendable {
    /// The shortest key accepted, in bytes.
    package static let minimumLength = 32

    let current: HMACKey
    let previous: HMACKey?

    /// Creates keys from their text.
    ///
    /// - Returns: `nil` when a key is shorter than ``minimumLength`` bytes.
    package init?(current: String, previous: String? = nil) {
        guard current.utf8.count >= Self.minimumLength else { return nil }
        if let previous, previous.utf8.count < Self.minimumLength { return nil }
        self.current = HMACKey(Array(current.utf8))
        self.previous = previous.map { HMACKey(Array($0.utf8)) }
    }
}
