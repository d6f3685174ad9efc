import Synchronization

/// A value that goes up and down, such as open connections or queue depth.
///
/// The value is a `Double` kept as its bit pattern in an atomic, so ``set(_:)``, ``increment(by:)`` and
/// ``decrement(by:)`` are lock-free and safe from any thread.
package final class Gauge: Sendable {
    /// The family name, such as `db_pool_connections`.
    package let name: String
    /// The label names and values of this series, in the family's label order.
    package let labels: [(name: String, value: String)]

    private let bits = Atomic<UInt64>(0.0.bitPattern)

    init(name: String, labels: [(name: String, value: String)]) {
        self.name = name
        self.labels = labels
    }

    /// Replaces the value.
    package func set(_ value: Double) { bits.store(value.bitPattern, ordering: .relaxed) }

    /// Adds `amount` (default 1) to the value.
    package func increment(by amount: Double = 1) {
        var current = bits.load(ordering: .relaxed)
        while true {
            let next = (Double(bitPattern: current) + amount).bitPattern
            let (exchanged, original) = bits.weakCompareExchange(
                expected: current,
                desired: next,
                ordering: .relaxed
            )
            if exchanged { return }
            current = original
        }
    }

    /// Subtracts `amount` (default 1) from the value.
    package func decrement(by amount: Double = 1) { increment(by: -amount) }

    /// The current value.
    package var value: Double { Double(bitPattern: bits.load(ordering: .relaxed)) }
}
