import MetricsKit
import Testing

@Suite struct HistogramTests {
    @Test func countsIntoTheFirstBucketNotBelowTheValue() {
        let histogram = MetricsRegistry().histogram("size_bytes", help: "Sizes.", buckets: [1, 10, 100])
        for value in [0.5, 1, 1.5, 10, 99, 100, 101, 1e9] { histogram.observe(value) }
        let snapshot = histogram.snapshot
        #expect(snapshot.bucketCounts == [2, 2, 2, 2])
        #expect(snapshot.count == 8)
        #expect(snapshot.sum == 0.5 + 1 + 1.5 + 10 + 99 + 100 + 101 + 1e9)
    }

    @Test func observesDurationsInSeconds() {
        let histogram = MetricsRegistry().histogram("latency_seconds", help: "Latency.")
        histogram.observe(Duration.milliseconds(30))
        histogram.observe(Duration.seconds(12))
        let snapshot = histogram.snapshot
        #expect(histogram.buckets == Histogram.defaultBuckets)
        // 0.03 s lands in the 0.05 bucket (index 3); 12 s only in +Inf.
        #expect(snapshot.bucketCounts[3] == 1)
        #expect(snapshot.bucketCounts.last == 1)
        #expect(abs(snapshot.sum - 12.03) < 1e-9)
    }
}
