/// Parses `.env` files: `KEY=value` lines, `#` comments, an optional `export ` prefix, and single or double
/// quotes around a value (double quotes allow `\n`, `\"` and `\\` escapes).
package enum DotEnvParser {
    /// The variables defined in `text`; malformed lines are reported with their line number.
    ///
    /// - Throws: ``ConfigError`` for a line that is neither blank, a comment nor an assignment.
    package static func parse(_ text: String, source: String = ".env") throws(ConfigError) -> [String: String] {
        var values: [String: String] = [:]
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = String(rawLine).trimmed(" \t\r")
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)).trimmed(" \t") }
            guard let equals = line.firstIndex(of: "="), equals != line.startIndex else {
                throw ConfigError(key: "\(source):\(number + 1)", problem: "is not a KEY=value line")
            }
            let key = String(line[..<equals]).trimmed(" \t")
            guard key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw ConfigError(key: "\(source):\(number + 1)", problem: "has an invalid variable name")
            }
            values[key] = unquote(String(line[line.index(after: equals)...]).trimmed(" \t"))
        }
        return values
    }

    private static func unquote(_ value: String) -> String {
        if value.count >= 2, value.hasPrefix("'"), value.hasSuffix("'") {
            return String(value.dropFirst().dropLast())
        }
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
            var out = ""
            var escaping = false
            for character in value.dropFirst().dropLast() {
                if escaping {
                    out.append(character == "n" ? "\n" : character)
                    escaping = false
                } else if character == "\\" {
                    escaping = true
                } else {
                    out.append(character)
                }
            }
            return out
        }
        // An unquoted value ends at an inline comment (" #").
        var previous: Character = "x"
        for index in value.indices {
            if value[index] == "#" && (previous == " " || previous == "\t") {
                return String(value[..<index]).trimmed(" \t")
            }
            previous = value[index]
        }
        return value
    }
}

extension String {
    fileprivate func trimmed(_ set: String) -> String {
        var s = Substring(self)
        while let first = s.first, set.contains(first) { s.removeFirst() }
        while let last = s.last, set.contains(last) { s.removeLast() }
        return String(s)
    }
}
