import JobQueue
import Testing

struct RetryPolicyTests {
    @Test func exponentialWithoutJitterDoublesUpToTheCap() {
        let policy = RetryPolicy(base: .seconds(1), cap: .seconds(300), jitter: false)
        let delays = (1...12).map { policy.delay(afterAttempt: $0) }
        #expect(Array(delays.prefix(9)) == [1, 2, 4, 8, 16, 32, 64, 128, 256].map { Duration.seconds($0) })
        #expect(delays.dropFirst(9).allSatisfy { $0 == .seconds(300) })
        #expect(policy.delay(afterAttempt: 1000) == .seconds(300))
    }

    @Test func jitterStaysInTheUpperHalf() {
        let policy = RetryPolicy(base: .milliseconds(100), cap: .seconds(10), jitter: true)
        for attempt in 1...8 {
            let nominal = RetryPolicy(base: .milliseconds(100), cap: .seconds(10), jitter: false)
                .delay(afterAttempt: attempt)
            for _ in 0..<50 {
                let delay = policy.delay(afterAttempt: attempt)
                #expect(delay <= nominal && delay >= nominal / 2)
            }
        }
    }
}
