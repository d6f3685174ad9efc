import MetricsKit
import Testing

@Suite struct GaugeTests {
    @Test func setIncrementAndDecrement() {
        let gauge = MetricsRegistry().gauge("connections", help: "Open connections.")
        #expect(gauge.value == 0)
        gauge.set(10)
        gauge.increment()
        gauge.increment(by: 0.5)
        gauge.decrement(by: 3)
        #expect(gauge.value == 8.5)
    }

    @Test func concurrentUpdatesAreNotLost() async {
        let gauge = MetricsRegistry().gauge("inflight", help: "In flight.")
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for _ in 0..<5_000 {
                        if task.isMultiple(of: 2) { gauge.increment(by: 2) } else { gauge.decrement() }
                    }
                }
            }
        }
        #expect(gauge.value == 4 * 5_000 * 2 - 4 * 5_000)
    }
}
