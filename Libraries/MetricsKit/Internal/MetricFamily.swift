/// One registered metric name: its type, help text, label names and every labelled series so far.
struct MetricFamily: Sendable {
    /// The Prometheus metric type of a family.
    enum Kind: String, Sendable {
        case counter, gauge, histogram
    }

    /// One labelled series of a family.
    enum Series: Sendable {
        case counter(Counter)
        case gauge(Gauge)
        case histogram(Histogram)
    }

    let name: String
    let help: String
    let kind: Kind
    let labelNames: [String]
    /// The bucket bounds of a histogram family; empty for the other kinds.
    let buckets: [Double]
    /// Series keyed by their label values, in ``labelNames`` order.
    var series: [[String]: Series] = [:]

    /// Whether `name` is a valid Prometheus metric name (`[a-zA-Z_:][a-zA-Z0-9_:]*`).
    static func isValidMetricName(_ name: String) -> Bool {
        isValidIdentifier(name, allowingColon: true)
    }

    /// Whether `name` is a valid, non-reserved label name (`[a-zA-Z_][a-zA-Z0-9_]*`, no leading `__`).
    static func isValidLabelName(_ name: String) -> Bool {
        isValidIdentifier(name, allowingColon: false) && !name.hasPrefix("__")
    }

    private static func isValidIdentifier(_ name: String, allowingColon: Bool) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            return false
        }
        return name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
                true
            case UInt8(ascii: ":"): allowingColon
            default: false
            }
        }
    }
}
