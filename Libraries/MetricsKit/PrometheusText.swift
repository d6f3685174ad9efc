/// Pieces of the Prometheus text exposition format 0.0.4: its content type, escaping and number spelling.
package enum PrometheusText {
    /// The `Content-Type` of a `/metrics` response.
    package static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// A `{name="value",…}` label set, or the empty string when there are no labels.
    ///
    /// Label values escape backslash, double quote and line feed as the format requires.
    package static func labelSet(_ labels: [(String, String)]) -> String {
        guard !labels.isEmpty else { return "" }
        return "{" + labels.map { "\($0.0)=\"\(escapeLabelValue($0.1))\"" }.joined(separator: ",") + "}"
    }

    /// A label value with `\`, `"` and line feeds escaped.
    package static func escapeLabelValue(_ value: String) -> String {
        escape(value, quotes: true)
    }

    /// `# HELP` text with `\` and line feeds escaped (quotes stay as they are there).
    package static func escapeHelp(_ help: String) -> String {
        escape(help, quotes: false)
    }

    /// A sample value as Prometheus spells it: integral values without a fraction (`1`, `10`), `+Inf`,
    /// `-Inf`, `NaN`, and otherwise Swift's shortest round-tripping form (`0.005`, `2.5`).
    package static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    private static func escape(_ value: String, quotes: Bool) -> String {
        guard value.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == 0x0A || (quotes && $0 == 0x22) })
        else { return value }
        var out = ""
        out.reserveCapacity(value.utf8.count + 8)
        for character in value.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\"" where quotes: out += "\\\""
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
