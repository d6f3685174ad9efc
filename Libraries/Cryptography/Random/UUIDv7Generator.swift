/// The state machine behind ``UUIDv7``: time-ordered UUIDs, strictly increasing within one generator.
///
/// Layout (RFC 9562 §5.7, with the §6.2 method 1 "fixed bit-length dedicated counter" of 42 bits):
///
/// ```
///  48 bits unix_ts_ms | 4 bits ver=0111 | 12 bits counter[41:30]
///  2 bits var=10      | 30 bits counter[29:0] | 32 bits random
/// ```
///
/// In a new millisecond the counter restarts from a random 41-bit value (its top bit clear, leaving at least 2^41
/// increments of room). Within the same millisecond, or when the clock goes backwards, the counter increments
/// and the previous timestamp is kept; if it ever overflows, the timestamp advances by one millisecond (RFC 9562
/// §6.2 allows this). So each UUID compares greater than the previous one, as bytes and as lowercase text.
///
/// Pure: time and randomness come in as arguments; ``UUIDv7`` wraps one generator in a `Mutex`.
package struct UUIDv7Generator: Sendable {
    private static let counterBits: UInt64 = 42
    private static let counterMask: UInt64 = (1 << counterBits) - 1
    private static let seedMask: UInt64 = (1 << (counterBits - 1)) - 1
    private static let timestampMask: UInt64 = (1 << 48) - 1

    private var lastMilliseconds: UInt64 = 0
    private var counter: UInt64 = 0
    private var started = false

    /// Creates a generator that has produced nothing yet.
    package init() {}

    /// Creates a generator that continues after a UUID with the given timestamp and counter, as if it had just
    /// produced it. Used by tests to reach the counter's overflow boundary.
    ///
    /// - Parameters:
    ///   - unixMilliseconds: The timestamp of the last UUID.
    ///   - counter: The 42-bit counter of the last UUID (higher bits are ignored).
    package init(resumingAfter unixMilliseconds: UInt64, counter: UInt64) {
        self.lastMilliseconds = unixMilliseconds & Self.timestampMask
        self.counter = counter & Self.counterMask
        self.started = true
    }

    /// Returns the next UUID's 16 bytes.
    ///
    /// - Parameters:
    ///   - unixMilliseconds: The current Unix time in milliseconds (only the low 48 bits are encoded).
    ///   - seed: Fresh random bits; the low 41 seed the counter when a new millisecond starts.
    ///   - tail: Fresh random bits for the last 32 bits of the UUID.
    /// - Returns: The UUID in network byte order.
    package mutating func next(unixMilliseconds: UInt64, seed: UInt64, tail: UInt32) -> [UInt8] {
        let now = unixMilliseconds & Self.timestampMask
        if !started || now > lastMilliseconds {
            started = true
            lastMilliseconds = now
            counter = seed & Self.seedMask
        } else {
            counter += 1
            if counter > Self.counterMask {
                lastMilliseconds = (lastMilliseconds + 1) & Self.timestampMask
                counter = seed & Self.seedMask
            }
        }
        let high = lastMilliseconds << 16 | 0x7 << 12 | counter >> 30
        let low = 0b10 << 62 | (counter & ((1 << 30) - 1)) << 32 | UInt64(tail)
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<8 {
            bytes[index] = UInt8(truncatingIfNeeded: high >> UInt64(56 - index * 8))
            bytes[index + 8] = UInt8(truncatingIfNeeded: low >> UInt64(56 - index * 8))
        }
        return bytes
    }
}
