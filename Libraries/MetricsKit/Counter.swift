import Synchronization

/// A monotonically increasing count, such as requests served or bytes sent.
///
/// A counter is one labelled series of a family registered in a ``MetricsRegistry``. Look it up once
/// (``MetricsRegistry/counter(_:help:labels:)``) and keep the reference: ``increment(by:)`` is a single
/// relaxed atomic add, safe from any thread.
package final class Counter: Sendable {
    /// The family name, such as `http_requests_total`.
    package let name: String
    /// The label names and values of this series, in the family's label order.
    package let labels: [(name: String, value: String)]

    private let storage = Atomic<Int>(0)

    init(name: String, labels: [(name: String, value: String)]) {
        self.name = name
        self.labels = labels
    }

    /// Adds `amount` (default 1) to the counter.
    ///
    /// - Parameter amount: How much to add; must not be negative (a counter never goes down).
    package func increment(by amount: Int = 1) {
        precondition(amount >= 0, "a counter can only increase")
        storage.wrappingAdd(amount, ordering: .relaxed)
    }

    /// The current count.
    package var value: Int { storage.load(ordering: .relaxed) }
}
