/// A `RandomNumberGenerator` backed by ``SecureRandom``, for `Int.random(in:using:)` and `shuffled(using:)` where
/// the result must be unpredictable (one-time codes, identifiers that must not be guessable).
///
/// ```swift
/// var generator = SecureRandomNumberGenerator()
/// let code = Int.random(in: 0..<1_000_000, using: &generator)
/// ```
///
/// It has no state; create one where needed.
package struct SecureRandomNumberGenerator: RandomNumberGenerator, Sendable {
    /// Creates a generator.
    package init() {}

    /// Returns 64 random bits.
    package mutating func next() -> UInt64 {
        var value: UInt64 = 0
        withUnsafeMutableBytes(of: &value) { SecureRandom.fill($0) }
        return value
    }
}
