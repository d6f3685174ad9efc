import Glibc
import HTTPCore
import NetCore
import Synchronization

/// A token bucket limit: a full bucket holds ``capacity`` requests and refills completely in ``period``
/// (so steadily at `capacity / period`). Written `600/60s` in configuration.
package struct RateLimitPolicy: Sendable, Hashable, CustomStringConvertible {
    /// Requests a full bucket allows in a burst.
    package var capacity: Int
    /// How long an empty bucket takes to refill completely.
    package var period: Duration

    /// Creates a policy; `capacity` and `period` must be positive.
    package init(capacity: Int, period: Duration) {
        precondition(capacity > 0 && period > .zero, "a rate limit needs a positive capacity and period")
        self.capacity = capacity
        self.period = period
    }

    /// Parses `<capacity>/<duration>`: `600/60s`, `30/1m`, `10/500ms` (a bare number of seconds too).
    package init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let capacity = Int(parts[0].trimmingASCIIWhitespace()), capacity > 0,
            capacity <= 100_000_000
        else { return nil }
        let durationText = parts[1].trimmingASCIIWhitespace()
        var period: Duration?
        for (suffix, milliseconds) in [("ms", Int64(1)), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        where durationText.hasSuffix(suffix) {
            if let number = Int64(durationText.dropLast(suffix.count)), number > 0, number < 1_000_000_000 {
                period = .milliseconds(number * milliseconds)
                break
            }
        }
        if period == nil, let seconds = Int64(durationText), seconds > 0, seconds < 1_000_000_000 {
            period = .seconds(seconds)
        }
        // At most a year: the limiter counts in nanoseconds, and a longer period would overflow them.
        guard let period, period <= .seconds(366 * 86_400) else { return nil }
        self.init(capacity: capacity, period: period)
    }

    package var description: String { "\(capacity)/\(period.components.seconds)s" }
}

/// The verdict of a ``RateLimiter`` for one request, with what the `RateLimit-*` headers report.
package struct RateLimitDecision: Sendable, Equatable {
    /// Whether the request may proceed (a token was taken).
    package var isAllowed: Bool
    /// The bucket's capacity (`RateLimit-Limit`).
    package var limit: Int
    /// Whole tokens left after this request (`RateLimit-Remaining`).
    package var remaining: Int
    /// Seconds until the bucket is full again (`RateLimit-Reset`).
    package var resetSeconds: Int
    /// Seconds until the next request would be allowed (`Retry-After`, at least 1); 0 when allowed.
    package var retryAfterSeconds: Int

    /// Creates a decision.
    package init(isAllowed: Bool, limit: Int, remaining: Int, resetSeconds: Int, retryAfterSeconds: Int) {
        self.isAllowed = isAllowed
        self.limit = limit
        self.remaining = remaining
        self.resetSeconds = resetSeconds
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// Whether `self` is closer to refusing than `other` (fewer requests left, then the smaller limit).
    package func isTighter(than other: RateLimitDecision) -> Bool {
        remaining != other.remaining ? remaining < other.remaining : limit < other.limit
    }
}

/// In-memory token buckets keyed by client IP or user id, for one gateway process (DESIGN §6).
///
/// Buckets live in 16 shards, each a dictionary behind its own `Mutex`, so a check is one hash, one short
/// lock and no allocation for a known key. Memory is bounded: when a shard grows past its sweep threshold,
/// buckets that have refilled completely (which behave exactly like a missing bucket) are dropped; if it
/// is still over its share of `maxKeys`, the least recently updated buckets go. Called from request tasks;
/// never blocks beyond the lock.
package final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Int64
    }

    private struct Shard: ~Copyable {
        var buckets: [String: Bucket] = [:]
        var sweepAt: Int
    }

    private final class ShardBox: Sendable {
        let state: Mutex<Shard>
        init(sweepAt: Int) { state = Mutex(Shard(sweepAt: sweepAt)) }
    }

    /// The policy enforced.
    package let policy: RateLimitPolicy
    private let capacity: Double
    /// Tokens regained per nanosecond.
    private let tokensPerNanosecond: Double
    private let periodNanoseconds: Int64
    private let maxKeysPerShard: Int
    private let shards: [ShardBox]

    /// Creates a limiter.
    ///
    /// - Parameters:
    ///   - policy: Capacity and refill period.
    ///   - maxKeys: Buckets kept at most (spread over the shards); 100 000 by default.
    package init(policy: RateLimitPolicy, maxKeys: Int = 100_000) {
        self.policy = policy
        capacity = Double(policy.capacity)
        periodNanoseconds = policy.period.nanosecondsClamped
        tokensPerNanosecond = capacity / Double(periodNanoseconds)
        let maxKeysPerShard = max(4, maxKeys / 16)
        self.maxKeysPerShard = maxKeysPerShard
        shards = (0..<16).map { _ in ShardBox(sweepAt: min(256, maxKeysPerShard)) }
    }

    /// The number of buckets held (for tests and metrics).
    package var count: Int { shards.reduce(0) { total, shard in total + shard.state.withLock { $0.buckets.count } } }

    /// Takes a token for `key` if one is left.
    ///
    /// - Parameters:
    ///   - key: The client IP or user id.
    ///   - now: Monotonic time in nanoseconds (``RateLimiter/monotonicNow()`` unless a test drives time).
    package func take(_ key: String, now: Int64 = RateLimiter.monotonicNow()) -> RateLimitDecision {
        let shard = shards[Int(UInt(bitPattern: key.hashValue) % UInt(shards.count))]
        return shard.state.withLock { shard in
            let decision = Self.consume(
                &shard.buckets[key, default: Bucket(tokens: capacity, updated: now)],
                now: now,
                capacity: capacity,
                rate: tokensPerNanosecond,
                limit: policy.capacity
            )
            if shard.buckets.count > shard.sweepAt { sweep(&shard, now: now) }
            return decision
        }
    }

    private static func consume(
        _ bucket: inout Bucket,
        now: Int64,
        capacity: Double,
        rate: Double,
        limit: Int
    ) -> RateLimitDecision {
        if now > bucket.updated {
            bucket.tokens = min(capacity, bucket.tokens + Double(now - bucket.updated) * rate)
            bucket.updated = now
        }
        let allowed = bucket.tokens >= 1
        if allowed { bucket.tokens -= 1 }
        let nanosecondsPerSecond = 1_000_000_000.0
        let reset = Int(((capacity - bucket.tokens) / rate / nanosecondsPerSecond).rounded(.up))
        let retryAfter = allowed ? 0 : max(1, Int(((1 - bucket.tokens) / rate / nanosecondsPerSecond).rounded(.up)))
        return RateLimitDecision(
            isAllowed: allowed,
            limit: limit,
            remaining: max(0, Int(bucket.tokens.rounded(.down))),
            resetSeconds: max(0, reset),
            retryAfterSeconds: retryAfter
        )
    }

    /// Drops full buckets; if the shard is still over its share, the least recently updated ones.
    private func sweep(_ shard: inout Shard, now: Int64) {
        let period = periodNanoseconds
        let rate = tokensPerNanosecond
        let capacity = capacity
        shard.buckets = shard.buckets.filter { _, bucket in
            now - bucket.updated < period && bucket.tokens + Double(now - bucket.updated) * rate < capacity
        }
        if shard.buckets.count > maxKeysPerShard {
            let keep = maxKeysPerShard * 3 / 4
            let byAge = shard.buckets.sorted { $0.value.updated > $1.value.updated }.prefix(keep)
            shard.buckets = Dictionary(uniqueKeysWithValues: byAge.map { ($0.key, $0.value) })
        }
        // Amortised: the next sweep waits until the shard has doubled (within its share).
        shard.sweepAt = min(max(256, shard.buckets.count * 2), maxKeysPerShard)
    }

    /// The per-IP bucket key of a client address: an IPv6 address stands for its /64 (one host usually holds
    /// a whole /64, so per-address buckets would let it rotate past every limit), an IPv4-mapped IPv6
    /// address for its IPv4 address; anything else is its own key.
    package static func clientKey(_ address: String) -> String {
        guard address.contains(":") else { return address }
        var bytes = in6_addr()
        guard inet_pton(AF_INET6, address, &bytes) == 1 else { return address }
        return withUnsafeMutableBytes(of: &bytes) { raw -> String in
            if raw.prefix(10).allSatisfy({ $0 == 0 }) && raw[10] == 0xFF && raw[11] == 0xFF {
                return "\(raw[12]).\(raw[13]).\(raw[14]).\(raw[15])"
            }
            var key = ""
            for index in stride(from: 0, to: 8, by: 2) {
                key += String(UInt16(raw[index]) << 8 | UInt16(raw[index + 1]), radix: 16) + ":"
            }
            return key + ":/64"
        }
    }

    /// `CLOCK_MONOTONIC` in nanoseconds (``Deadline/now()``).
    package static func monotonicNow() -> Int64 { Int64(clamping: Deadline.now().nanoseconds) }
}
