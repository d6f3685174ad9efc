import Cryptography
import Testing

@Suite struct UUIDv7GeneratorTests {
    private static let maximumCounter: UInt64 = (1 << 42) - 1

    private func timestamp(_ bytes: [UInt8]) -> UInt64 {
        bytes[0..<6].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The 42-bit counter: 12 bits after the version nibble, 30 bits after the variant.
    private func counter(_ bytes: [UInt8]) -> UInt64 {
        let randA = UInt64(bytes[6] & 0x0F) << 8 | UInt64(bytes[7])
        let randBHigh =
            UInt64(bytes[8] & 0x3F) << 24 | UInt64(bytes[9]) << 16 | UInt64(bytes[10]) << 8
            | UInt64(bytes[11])
        return randA << 30 | randBHigh
    }

    @Test func encodesTimestampVersionVariantCounterAndTail() {
        var generator = UUIDv7Generator()
        let bytes = generator.next(unixMilliseconds: 0x0123_4567_89AB, seed: .max, tail: 0xDEAD_BEEF)
        #expect(Array(bytes[0..<6]) == [0x01, 0x23, 0x45, 0x67, 0x89, 0xAB])
        #expect(bytes[6] >> 4 == 0x7)
        #expect(bytes[8] >> 6 == 0b10)
        #expect(Array(bytes[12..<16]) == [0xDE, 0xAD, 0xBE, 0xEF])
        // The seed keeps the counter's top bit clear: room for 2^41 increments.
        #expect(counter(bytes) == (1 << 41) - 1)
    }

    @Test func sameMillisecondIncrementsTheCounter() {
        var generator = UUIDv7Generator()
        let first = generator.next(unixMilliseconds: 1000, seed: 41, tail: .max)
        let second = generator.next(unixMilliseconds: 1000, seed: 0, tail: 0)
        #expect(timestamp(second) == 1000)
        #expect(counter(second) == counter(first) + 1)
        #expect(first.lexicographicallyPrecedes(second))
    }

    @Test func clockGoingBackwardsKeepsTimestampAndOrder() {
        var generator = UUIDv7Generator()
        let first = generator.next(unixMilliseconds: 5000, seed: .max, tail: .max)
        let second = generator.next(unixMilliseconds: 4000, seed: 0, tail: 0)
        #expect(timestamp(second) == 5000)
        #expect(first.lexicographicallyPrecedes(second))
    }

    @Test func newMillisecondReseedsTheCounter() {
        var generator = UUIDv7Generator()
        let first = generator.next(unixMilliseconds: 5000, seed: .max, tail: .max)
        let second = generator.next(unixMilliseconds: 5001, seed: 3, tail: 0)
        #expect(timestamp(second) == 5001)
        #expect(counter(second) == 3)
        #expect(first.lexicographicallyPrecedes(second))
    }

    @Test func counterOverflowAdvancesTheTimestamp() {
        var generator = UUIDv7Generator(resumingAfter: 7, counter: Self.maximumCounter - 1)
        let last = generator.next(unixMilliseconds: 7, seed: 0, tail: 0)
        #expect(timestamp(last) == 7)
        #expect(counter(last) == Self.maximumCounter)
        let overflowed = generator.next(unixMilliseconds: 7, seed: 5, tail: 0)
        #expect(timestamp(overflowed) == 8)
        #expect(counter(overflowed) == 5)
        #expect(last.lexicographicallyPrecedes(overflowed))
    }
}
