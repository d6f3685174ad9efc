/// How long a failed job waits before its next attempt: exponential backoff with a cap and optional jitter.
///
/// The delay after the n-th failed attempt is `min(cap, base × 2^(n-1))`; with ``jitter`` it is drawn
/// uniformly from the upper half of that (`[d/2, d]`), so retries of many jobs that failed together spread out
/// while never waiting less than half the nominal delay.
package struct RetryPolicy: Sendable, Hashable {
    /// The delay after the first failure. Default 1 s.
    package var base: Duration
    /// The longest delay. Default 5 minutes.
    package var cap: Duration
    /// Whether to randomise each delay within `[d/2, d]`. Default `true`.
    package var jitter: Bool

    /// Creates a policy.
    package init(base: Duration = .seconds(1), cap: Duration = .seconds(300), jitter: Bool = true) {
        self.base = base
        self.cap = max(cap, base)
        self.jitter = jitter
    }

    /// The delay before the attempt after failed attempt number `attempt` (1-based).
    package func delay(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 40)
        var nominal = cap
        let factor = Int64(1) << exponent
        let baseMilliseconds = base.milliseconds
        if baseMilliseconds <= cap.milliseconds / factor {
            nominal = .milliseconds(baseMilliseconds * factor)
        }
        guard jitter else { return nominal }
        let total = nominal.milliseconds
        let half = total / 2
        return .milliseconds(half + Int64.random(in: 0...(total - half)))
    }
}

extension Duration {
    /// The whole milliseconds in this duration (rounded down).
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
