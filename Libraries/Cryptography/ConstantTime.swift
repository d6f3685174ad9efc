import COpenSSL

/// Comparisons whose running time does not depend on the bytes compared.
///
/// Use these for every comparison of a secret or of a value derived from one: MACs, signatures, token hashes.
package enum ConstantTime {
    /// Returns whether `lhs` and `rhs` hold the same bytes, in time that depends only on their length.
    ///
    /// Sequences of different lengths are unequal; the comparison returns early then, so the length (which is
    /// public for every value we compare: tags, hashes) is the only thing the timing reveals.
    ///
    /// - Parameters:
    ///   - lhs: The first byte sequence.
    ///   - rhs: The second byte sequence.
    /// - Returns: `true` if both have the same length and the same bytes.
    package static func equals(_ lhs: some Sequence<UInt8>, _ rhs: some Sequence<UInt8>) -> Bool {
        lhs.withContiguousBytes { left in
            rhs.withContiguousBytes { right in
                guard left.count == right.count else { return false }
                guard let leftBase = left.baseAddress, let rightBase = right.baseAddress else { return true }
                return CRYPTO_memcmp(leftBase, rightBase, left.count) == 0
            }
        }
    }
}
