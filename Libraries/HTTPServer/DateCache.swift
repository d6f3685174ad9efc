import Glibc

/// The `Date` header value (IMF-fixdate, RFC 9110 §5.6.7), formatted at most once per second.
///
/// Loop-confined: each event loop has its own cache, so no locking. Reading it costs one vDSO
/// `clock_gettime` and a comparison.
struct DateCache {
    private var second: Int = -1
    private(set) var bytes: [UInt8] = []

    private static let days: [StaticString] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months: [StaticString] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    /// The current value as bytes, such as `Sun, 06 Nov 1994 08:49:37 GMT`.
    mutating func current() -> [UInt8] {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME_COARSE, &now)
        let seconds = Int(now.tv_sec)
        if seconds != second {
            second = seconds
            bytes = Self.format(epochSeconds: seconds)
        }
        return bytes
    }

    /// Formats a Unix time as IMF-fixdate.
    static func format(epochSeconds: Int) -> [UInt8] {
        var time = time_t(epochSeconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        var out: [UInt8] = []
        out.reserveCapacity(29)
        append(days[Int(parts.tm_wday)], to: &out)
        out.append(contentsOf: ", ".utf8)
        appendTwoDigits(Int(parts.tm_mday), to: &out)
        out.append(0x20)
        append(months[Int(parts.tm_mon)], to: &out)
        out.append(0x20)
        let year = Int(parts.tm_year) + 1900
        appendTwoDigits(year / 100, to: &out)
        appendTwoDigits(year % 100, to: &out)
        out.append(0x20)
        appendTwoDigits(Int(parts.tm_hour), to: &out)
        out.append(UInt8(ascii: ":"))
        appendTwoDigits(Int(parts.tm_min), to: &out)
        out.append(UInt8(ascii: ":"))
        appendTwoDigits(Int(parts.tm_sec), to: &out)
        out.append(contentsOf: " GMT".utf8)
        return out
    }

    private static func append(_ string: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: string.utf8Start, count: string.utf8CodeUnitCount))
    }

    private static func appendTwoDigits(_ value: Int, to out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: value / 10 % 10) + 0x30)
        out.append(UInt8(truncatingIfNeeded: value % 10) + 0x30)
    }
}
