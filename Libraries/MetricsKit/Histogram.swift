import Synchronization

/// A distribution of observed values counted into fixed buckets, such as request latencies in seconds.
///
/// Bucket upper bounds are fixed when the family is first registered (``defaultBuckets`` unless given);
/// an observation is counted in the first bucket whose bound is greater than or equal to it, and the
/// exposition writes the cumulative counts Prometheus expects. ``observe(_:)`` takes a short uncontended
/// lock and is safe from any thread.
package final class Histogram: Sendable {
    /// Prometheus' default latency buckets, in seconds: 5 ms to 10 s.
    package static let defaultBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    /// The family name, such as `http_request_duration_seconds`.
    package let name: String
    /// The label names and values of this series, in the family's label order.
    package let labels: [(name: String, value: String)]
    /// The finite bucket upper bounds, ascending; the `+Inf` bucket is implicit.
    package let buckets: [Double]

    /// A consistent copy of a histogram's counters.
    package struct Snapshot: Sendable, Equatable {
        /// The number of observations in each bucket (not cumulative), one more than the bounds (`+Inf`).
        package var bucketCounts: [Int]
        /// The sum of all observed values.
        package var sum: Double
        /// The number of observations.
        package var count: Int
    }

    private let state: Mutex<Snapshot>

    init(name: String, labels: [(name: String, value: String)], buckets: [Double]) {
        self.name = name
        self.labels = labels
        self.buckets = buckets
        self.state = Mutex(Snapshot(bucketCounts: Array(repeating: 0, count: buckets.count + 1), sum: 0, count: 0))
    }

    /// Records one observation.
    package func observe(_ value: Double) {
        // Few buckets: a linear scan beats a binary search and stays outside the lock.
        var index = buckets.count
        for (position, bound) in buckets.enumerated() where value <= bound {
            index = position
            break
        }
        state.withLock { state in
            state.bucketCounts[index] += 1
            state.sum += value
            state.count += 1
        }
    }

    /// Records a duration, in seconds.
    package func observe(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        observe(Double(seconds) + Double(attoseconds) / 1e18)
    }

    /// The current counts, sum and total, read together.
    package var snapshot: Snapshot { state.withLock { $0 } }
}
