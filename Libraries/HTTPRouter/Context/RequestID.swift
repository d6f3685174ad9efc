import Glibc
import Synchronization

/// Request ids: accepting a client's `X-Request-Id` when it is sane, generating one otherwise.
package enum RequestID {
    /// The header carrying the id in both directions.
    package static let headerName = "X-Request-Id"

    /// The longest incoming id accepted.
    package static let maximumLength = 128

    /// The incoming id when ``isAcceptable(_:)``, otherwise a fresh ``generate()`` one.
    package static func resolve(incoming: String?) -> String {
        if let incoming, isAcceptable(incoming) { return incoming }
        return generate()
    }

    /// Whether an incoming id can be used as is: 1 to 128 characters from `A-Z a-z 0-9 - _ . :`, so it is
    /// safe to log, to echo in a header and to forward to other services.
    package static func isAcceptable(_ id: String) -> Bool {
        let bytes = id.utf8
        guard !bytes.isEmpty, bytes.count <= maximumLength else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: ":"):
                true
            default: false
            }
        }
    }

    /// A new UUIDv7 (RFC 9562) in lowercase hyphenated form: 48 bits of Unix milliseconds then 74 bits
    /// that look random, so ids sort by creation time.
    ///
    /// The 74 bits come from a per-process counter mixed with a per-process seed from
    /// `SystemRandomNumberGenerator` (SplitMix64): unique within the process, unpredictable across
    /// processes, and one atomic add instead of a `getrandom` system call per request. Request ids are
    /// correlation ids, not secrets; use `Cryptography.SecureRandom` for anything that must not be guessed.
    package static func generate() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let milliseconds = UInt64(now.tv_sec) &* 1000 &+ UInt64(now.tv_nsec / 1_000_000)
        let sequence = counter.wrappingAdd(1, ordering: .relaxed).newValue
        let randomA = mix(seed &+ sequence)
        let randomB = mix(seed ^ (sequence &* 0x9E37_79B9_7F4A_7C15))
        let high = milliseconds << 16 | 0x7000 | (randomA & 0x0FFF)
        let low = 0x8000_0000_0000_0000 | (randomB & 0x3FFF_FFFF_FFFF_FFFF)
        let hex = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(36)
        for value in [high, low] {
            for shift in stride(from: 60, through: 0, by: -4) {
                if bytes.count == 8 || bytes.count == 13 || bytes.count == 18 || bytes.count == 23 {
                    bytes.append(UInt8(ascii: "-"))
                }
                bytes.append(hex[Int((value >> UInt64(shift)) & 0xF)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let seed: UInt64 = {
        var generator = SystemRandomNumberGenerator()
        return generator.next()
    }()

    private static let counter = Atomic<UInt64>(0)

    /// The SplitMix64 finaliser: a bijection that spreads every input bit over the output.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
