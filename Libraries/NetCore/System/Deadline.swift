import CLinux
import Glibc

/// A point in time on the monotonic clock (`CLOCK_MONOTONIC`), in nanoseconds.
///
/// Event-loop timers and connection timeouts are expressed as deadlines; durations come in as Swift
/// `Duration` values. Plain value type, cheap to get: `now()` is a vDSO call.
package struct Deadline: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Nanoseconds since an arbitrary fixed point (boot, on Linux).
    package var nanoseconds: UInt64

    /// Creates a deadline from raw monotonic nanoseconds.
    package init(nanoseconds: UInt64) { self.nanoseconds = nanoseconds }

    /// The current monotonic time.
    package static func now() -> Deadline {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Deadline(nanoseconds: UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec))
    }

    /// A deadline that never arrives.
    package static let distantFuture = Deadline(nanoseconds: UInt64.max)

    package static func < (lhs: Deadline, rhs: Deadline) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// The deadline `duration` later (saturating; negative durations move it earlier, not below zero).
    package static func + (lhs: Deadline, rhs: Duration) -> Deadline {
        let delta = rhs.nanosecondsClamped
        if delta >= 0 {
            let (sum, overflow) = lhs.nanoseconds.addingReportingOverflow(UInt64(delta))
            return Deadline(nanoseconds: overflow ? .max : sum)
        }
        let magnitude = UInt64(-delta)
        return Deadline(nanoseconds: lhs.nanoseconds > magnitude ? lhs.nanoseconds - magnitude : 0)
    }

    /// The deadline `nanoseconds` later (saturating); cheaper than adding a `Duration` on hot paths.
    @inline(__always)
    package func adding(nanoseconds: UInt64) -> Deadline {
        let (sum, overflow) = self.nanoseconds.addingReportingOverflow(nanoseconds)
        return Deadline(nanoseconds: overflow ? .max : sum)
    }

    /// The time from `rhs` to `lhs`, zero or positive.
    package static func - (lhs: Deadline, rhs: Deadline) -> Duration {
        guard lhs > rhs else { return .zero }
        return .nanoseconds(Int64(clamping: lhs.nanoseconds - rhs.nanoseconds))
    }

    package var description: String { "Deadline(\(nanoseconds)ns)" }
}

extension Duration {
    /// The duration in whole nanoseconds, clamped to the `Int64` range.
    package var nanosecondsClamped: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (sum, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        if overflow2 { return seconds < 0 ? .min : .max }
        return sum
    }

    /// The duration in whole milliseconds, clamped to the `Int64` range.
    package var millisecondsClamped: Int64 { nanosecondsClamped / 1_000_000 }
}
