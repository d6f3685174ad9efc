extension MetricsRegistry {
    /// Every family rendered in the Prometheus text exposition format, version 0.0.4.
    ///
    /// Families are sorted by name and series by label values, so the output is stable. Each family gets
    /// `# HELP` and `# TYPE` lines; histograms expand to cumulative `_bucket{le="…"}` series (ending with
    /// `+Inf`), `_sum` and `_count`. Serve it with ``PrometheusText/contentType``.
    package func exposition() -> String {
        var out = ""
        for family in sortedFamilies {
            out += "# HELP \(family.name) \(PrometheusText.escapeHelp(family.help))\n"
            out += "# TYPE \(family.name) \(family.kind.rawValue)\n"
            for (values, series) in family.series.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
                let labels = Array(zip(family.labelNames, values))
                switch series {
                case .counter(let counter):
                    out += "\(family.name)\(PrometheusText.labelSet(labels)) \(counter.value)\n"
                case .gauge(let gauge):
                    out += "\(family.name)\(PrometheusText.labelSet(labels)) \(PrometheusText.number(gauge.value))\n"
                case .histogram(let histogram):
                    appendHistogram(histogram, labels: labels, to: &out)
                }
            }
        }
        return out
    }

    private func appendHistogram(_ histogram: Histogram, labels: [(String, String)], to out: inout String) {
        let snapshot = histogram.snapshot
        var cumulative = 0
        for (index, count) in snapshot.bucketCounts.enumerated() {
            cumulative += count
            let bound = index < histogram.buckets.count ? PrometheusText.number(histogram.buckets[index]) : "+Inf"
            out += "\(histogram.name)_bucket\(PrometheusText.labelSet(labels + [("le", bound)])) \(cumulative)\n"
        }
        out += "\(histogram.name)_sum\(PrometheusText.labelSet(labels)) \(PrometheusText.number(snapshot.sum))\n"
        out += "\(histogram.name)_count\(PrometheusText.labelSet(labels)) \(snapshot.count)\n"
    }
}
