import Synchronization

/// Holds every metric family of a process (or of one test) and renders them as Prometheus text.
///
/// Asking for a series registers its family on first use and returns the same ``Counter``, ``Gauge`` or
/// ``Histogram`` object for the same name and label values afterwards, so a hot path looks its series up
/// once and then only touches atomics. Lookups take a short lock; they are safe from any thread.
///
/// ```swift
/// let registry = MetricsRegistry()
/// let served = registry.counter("jobs_processed_total", help: "Jobs processed.", labels: [("queue", "email")])
/// served.increment()
/// let text = registry.exposition()
/// ```
///
/// Registering the same name with another type, other label names or other buckets is a programming
/// error and traps, as are invalid metric or label names.
package final class MetricsRegistry: Sendable {
    private let families = Mutex<[String: MetricFamily]>([:])

    /// Creates an empty registry.
    package init() {}

    /// The counter series with this name and these labels, registering it on first use.
    ///
    /// - Parameters:
    ///   - name: The metric name; by convention counters end in `_total`.
    ///   - help: The `# HELP` text; the first registration's text is kept.
    ///   - labels: Label names and values; every series of a family must use the same names in the same order.
    package func counter(_ name: String, help: String, labels: [(String, String)] = []) -> Counter {
        let series = series(name, help: help, kind: .counter, labels: labels, buckets: []) { labels in
            .counter(Counter(name: name, labels: labels))
        }
        guard case .counter(let counter) = series else { preconditionFailure("\(name) is not a counter") }
        return counter
    }

    /// The gauge series with this name and these labels, registering it on first use.
    ///
    /// - Parameters:
    ///   - name: The metric name.
    ///   - help: The `# HELP` text; the first registration's text is kept.
    ///   - labels: Label names and values; every series of a family must use the same names in the same order.
    package func gauge(_ name: String, help: String, labels: [(String, String)] = []) -> Gauge {
        let series = series(name, help: help, kind: .gauge, labels: labels, buckets: []) { labels in
            .gauge(Gauge(name: name, labels: labels))
        }
        guard case .gauge(let gauge) = series else { preconditionFailure("\(name) is not a gauge") }
        return gauge
    }

    /// The histogram series with this name and these labels, registering it on first use.
    ///
    /// - Parameters:
    ///   - name: The metric name; by convention it ends in the unit, such as `_seconds`.
    ///   - help: The `# HELP` text; the first registration's text is kept.
    ///   - labels: Label names and values (`le` is reserved); the same names in the same order for every series.
    ///   - buckets: Finite, strictly ascending bucket upper bounds; ``Histogram/defaultBuckets`` by default.
    package func histogram(
        _ name: String,
        help: String,
        labels: [(String, String)] = [],
        buckets: [Double] = Histogram.defaultBuckets
    ) -> Histogram {
        precondition(
            buckets.allSatisfy(\.isFinite) && zip(buckets, buckets.dropFirst()).allSatisfy { $0 < $1 },
            "histogram buckets must be finite and strictly ascending"
        )
        precondition(!labels.contains { $0.0 == "le" }, "`le` is reserved for histogram buckets")
        let series = series(name, help: help, kind: .histogram, labels: labels, buckets: buckets) { labels in
            .histogram(Histogram(name: name, labels: labels, buckets: buckets))
        }
        guard case .histogram(let histogram) = series else { preconditionFailure("\(name) is not a histogram") }
        return histogram
    }

    /// A copy of every family, sorted by name, for rendering outside the lock.
    var sortedFamilies: [MetricFamily] {
        families.withLock { Array($0.values) }.sorted { $0.name < $1.name }
    }

    private func series(
        _ name: String,
        help: String,
        kind: MetricFamily.Kind,
        labels: [(String, String)],
        buckets: [Double],
        make: ([(name: String, value: String)]) -> MetricFamily.Series
    ) -> MetricFamily.Series {
        let labelNames = labels.map(\.0)
        let labelValues = labels.map(\.1)
        return families.withLock { families in
            if families[name] == nil {
                precondition(MetricFamily.isValidMetricName(name), "invalid metric name \(name)")
                for label in labelNames {
                    precondition(MetricFamily.isValidLabelName(label), "invalid label name \(label) on \(name)")
                }
                precondition(Set(labelNames).count == labelNames.count, "duplicate label names on \(name)")
                families[name] = MetricFamily(
                    name: name,
                    help: help,
                    kind: kind,
                    labelNames: labelNames,
                    buckets: buckets
                )
            }
            let (registeredKind, registeredLabels, registeredBuckets) = families[name].map {
                ($0.kind, $0.labelNames, $0.buckets)
            }!
            precondition(registeredKind == kind, "\(name) is already registered as a \(registeredKind.rawValue)")
            precondition(registeredLabels == labelNames, "\(name) is registered with labels \(registeredLabels)")
            precondition(registeredBuckets == buckets, "\(name) is registered with other buckets")
            if let existing = families[name]?.series[labelValues] { return existing }
            let created = make(labels.map { (name: $0.0, value: $0.1) })
            // Mutate in place: holding a copy of the family here would copy its series dictionary.
            families[name]?.series[labelValues] = created
            return created
        }
    }
}
