import MetricsKit
import Testing

@Suite struct CounterTests {
    @Test func incrementsByOneAndByAmount() {
        let counter = MetricsRegistry().counter("jobs_total", help: "Jobs.")
        counter.increment()
        counter.increment(by: 41)
        #expect(counter.value == 42)
    }

    @Test func concurrentIncrementsAreNotLost() async {
        let counter = MetricsRegistry().counter("hits_total", help: "Hits.")
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<10_000 { counter.increment() }
                }
            }
        }
        #expect(counter.value == 80_000)
    }

    @Test func sameNameAndLabelsReturnTheSameSeries() {
        let registry = MetricsRegistry()
        let first = registry.counter("requests_total", help: "Requests.", labels: [("method", "GET")])
        let second = registry.counter("requests_total", help: "ignored", labels: [("method", "GET")])
        let other = registry.counter("requests_total", help: "Requests.", labels: [("method", "POST")])
        #expect(first === second)
        #expect(first !== other)
        #expect(first.labels.map(\.value) == ["GET"])
    }
}
