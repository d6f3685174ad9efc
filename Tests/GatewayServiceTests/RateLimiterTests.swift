import GatewayService
import Testing

@Suite struct RateLimiterTests {
    private static let second: Int64 = 1_000_000_000

    @Test(arguments: [
        ("600/60s", 600, Duration.seconds(60)), ("30/1m", 30, .seconds(60)), ("10/500ms", 10, .milliseconds(500)),
        ("5/2", 5, .seconds(2)), (" 7 / 1h ", 7, .seconds(3600)),
    ])
    func parsesPolicies(text: String, capacity: Int, period: Duration) throws {
        let policy = try #require(RateLimitPolicy(parsing: text))
        #expect(policy.capacity == capacity)
        #expect(policy.period == period)
    }

    @Test(arguments: [
        "", "off", "600", "600/", "/60s", "0/60s", "-1/60s", "10/0s", "10/-5s", "x/60s", "10/60x", "1/2/3",
    ])
    func refusesBadPolicies(text: String) {
        #expect(RateLimitPolicy(parsing: text) == nil)
    }

    @Test func aBurstBeyondCapacityIsRefusedUntilTokensRefill() {
        let limiter = RateLimiter(policy: RateLimitPolicy(capacity: 3, period: .seconds(3)))
        let start: Int64 = 1_000 * Self.second
        let first = limiter.take("a", now: start)
        #expect(
            first == RateLimitDecision(isAllowed: true, limit: 3, remaining: 2, resetSeconds: 1, retryAfterSeconds: 0)
        )
        #expect(limiter.take("a", now: start).remaining == 1)
        #expect(limiter.take("a", now: start).remaining == 0)
        let refused = limiter.take("a", now: start)
        #expect(!refused.isAllowed)
        #expect(refused.retryAfterSeconds == 1)
        #expect(refused.resetSeconds == 3)
        // Another key is untouched.
        #expect(limiter.take("b", now: start).remaining == 2)
        // Half a token later: still refused, and the wait shrinks but stays at least 1 s.
        let half = limiter.take("a", now: start + Self.second / 2)
        #expect(!half.isAllowed)
        #expect(half.retryAfterSeconds == 1)
        // One token per second.
        #expect(limiter.take("a", now: start + Self.second).isAllowed)
        #expect(!limiter.take("a", now: start + Self.second).isAllowed)
        // Never more than the capacity, however long the pause.
        #expect(limiter.take("a", now: start + 3600 * Self.second).remaining == 2)
    }

    @Test func slowRatesReportRetryAfterInWholeSeconds() {
        let limiter = RateLimiter(policy: RateLimitPolicy(capacity: 30, period: .seconds(60)))
        for _ in 0..<30 { #expect(limiter.take("ip", now: 0).isAllowed) }
        let refused = limiter.take("ip", now: 0)
        #expect(refused.retryAfterSeconds == 2)
        #expect(refused.resetSeconds == 60)
    }

    @Test func memoryStaysBoundedUnderManyKeys() {
        let limiter = RateLimiter(policy: RateLimitPolicy(capacity: 10, period: .seconds(10)), maxKeys: 1_600)
        // Idle keys: every one refills before the next wave, so sweeps drop them.
        for wave in 0..<5 {
            for key in 0..<2_000 { _ = limiter.take("idle-\(wave)-\(key)", now: Int64(wave) * 20 * Self.second) }
        }
        #expect(limiter.count <= 1_600)
        // Busy keys all at once: the least recently updated go.
        for key in 0..<10_000 { _ = limiter.take("busy-\(key)", now: 200 * Self.second + Int64(key)) }
        #expect(limiter.count <= 1_600)
        #expect(limiter.take("busy-9999", now: 200 * Self.second + 10_000).remaining == 8)
    }

    @Test func tighterDecisionsHaveFewerRequestsLeft() {
        let loose = RateLimitDecision(
            isAllowed: true,
            limit: 600,
            remaining: 500,
            resetSeconds: 10,
            retryAfterSeconds: 0
        )
        let tight = RateLimitDecision(isAllowed: true, limit: 30, remaining: 20, resetSeconds: 20, retryAfterSeconds: 0)
        #expect(tight.isTighter(than: loose))
        #expect(!loose.isTighter(than: tight))
    }
}
