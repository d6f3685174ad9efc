import Foundation
import Synchronization

/// Reads typed configuration values from environment variables, with defaults and validation.
///
/// Precedence: the defaults in code < a `.env` file < the process environment. Readers are scoped by
/// prefix, so a service reads `PAYMENTS_HTTP_PORT` with `reader.scoped("PAYMENTS").scoped("HTTP").int("PORT")`.
/// Every value read is remembered for ``effectiveConfiguration()``, with secrets redacted, so start-up can log
/// what it runs with.
///
/// ```swift
/// let reader = try ConfigReader.fromProcess()
/// let port = try reader.scoped("CATALOG_HTTP").int("PORT", default: 8082, range: 0...65535)
/// ```
package struct ConfigReader: Sendable {
    private let values: [String: String]
    private let prefix: String
    private let record: ConfigRecord

    /// Creates a reader over explicit values (tests build configuration this way).
    package init(values: [String: String], prefix: String = "") {
        self.values = values
        self.prefix = prefix
        self.record = ConfigRecord()
    }

    private init(values: [String: String], prefix: String, record: ConfigRecord) {
        self.values = values
        self.prefix = prefix
        self.record = record
    }

    /// A reader over the process environment layered over `dotEnvPath` (default `.env`, when it exists).
    ///
    /// - Throws: ``ConfigError`` when the `.env` file exists but cannot be parsed.
    package static func fromProcess(dotEnvPath: String = ".env") throws(ConfigError) -> ConfigReader {
        var merged: [String: String] = [:]
        if let data = FileManager.default.contents(atPath: dotEnvPath) {
            merged = try DotEnvParser.parse(String(decoding: data, as: UTF8.self), source: dotEnvPath)
        }
        merged.merge(ProcessInfo.processInfo.environment) { $1 }
        return ConfigReader(values: merged)
    }

    /// A reader whose keys are prefixed with `group` and an underscore.
    package func scoped(_ group: String) -> ConfigReader {
        ConfigReader(values: values, prefix: fullKey(group) + "_", record: record)
    }

    /// The full variable name for `key` under this reader's prefix.
    package func fullKey(_ key: String) -> String { prefix + key }

    /// The raw value, or `nil` when unset or empty.
    package func raw(_ key: String) -> String? {
        guard let value = values[fullKey(key)], !value.isEmpty else { return nil }
        return value
    }

    /// A string value, or `default` when unset.
    package func string(_ key: String, default defaultValue: String, secret: Bool = false) -> String {
        let value = raw(key) ?? defaultValue
        record.note(fullKey(key), value: value, secret: secret)
        return value
    }

    /// An optional string value.
    package func optionalString(_ key: String, secret: Bool = false) -> String? {
        let value = raw(key)
        record.note(fullKey(key), value: value ?? "", secret: secret)
        return value
    }

    /// A string that must be set.
    ///
    /// - Throws: ``ConfigError`` when unset or empty.
    package func requiredString(_ key: String, secret: Bool = false) throws(ConfigError) -> String {
        guard let value = raw(key) else { throw ConfigError(key: fullKey(key), problem: "is required but not set") }
        record.note(fullKey(key), value: value, secret: secret)
        return value
    }

    /// An integer within `range`, or `default` when unset.
    ///
    /// - Throws: ``ConfigError`` when set but not an integer in range.
    package func int(
        _ key: String,
        default defaultValue: Int,
        range: ClosedRange<Int>? = nil
    ) throws(ConfigError) -> Int {
        guard let text = raw(key) else {
            record.note(fullKey(key), value: "\(defaultValue)", secret: false)
            return defaultValue
        }
        guard let value = Int(text), range?.contains(value) ?? true else {
            let bounds = range.map { " between \($0.lowerBound) and \($0.upperBound)" } ?? ""
            throw ConfigError(key: fullKey(key), problem: "must be an integer\(bounds) (got \"\(text)\")")
        }
        record.note(fullKey(key), value: text, secret: false)
        return value
    }

    /// A boolean (`true/false`, `1/0`, `yes/no`, `on/off`), or `default` when unset.
    ///
    /// - Throws: ``ConfigError`` for any other text.
    package func bool(_ key: String, default defaultValue: Bool) throws(ConfigError) -> Bool {
        guard let text = raw(key) else {
            record.note(fullKey(key), value: "\(defaultValue)", secret: false)
            return defaultValue
        }
        let value: Bool
        switch text.lowercased() {
        case "true", "1", "yes", "on": value = true
        case "false", "0", "no", "off": value = false
        default: throw ConfigError(key: fullKey(key), problem: "must be true or false (got \"\(text)\")")
        }
        record.note(fullKey(key), value: "\(value)", secret: false)
        return value
    }

    /// A duration written as a number with a unit (`250ms`, `10s`, `5m`; a bare number means seconds).
    ///
    /// - Throws: ``ConfigError`` for anything else or a negative value.
    package func duration(_ key: String, default defaultValue: Duration) throws(ConfigError) -> Duration {
        guard let text = raw(key) else {
            record.note(fullKey(key), value: "\(defaultValue)", secret: false)
            return defaultValue
        }
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        for (suffix, milliseconds) in units where text.hasSuffix(suffix) {
            if let number = Int64(text.dropLast(suffix.count)), number >= 0 {
                record.note(fullKey(key), value: text, secret: false)
                return .milliseconds(number * milliseconds)
            }
        }
        if let seconds = Int64(text), seconds >= 0 {
            record.note(fullKey(key), value: text, secret: false)
            return .seconds(seconds)
        }
        throw ConfigError(key: fullKey(key), problem: "must be a duration such as 500ms, 10s or 5m (got \"\(text)\")")
    }

    /// One of a fixed set of values (matched case-insensitively against `rawValue`), or `default`.
    ///
    /// - Throws: ``ConfigError`` listing the allowed values.
    package func oneOf<T: RawRepresentable & CaseIterable>(
        _ key: String,
        default defaultValue: T
    ) throws(ConfigError) -> T
    where T.RawValue == String {
        guard let text = raw(key) else {
            record.note(fullKey(key), value: defaultValue.rawValue, secret: false)
            return defaultValue
        }
        guard let value = T.allCases.first(where: { $0.rawValue.lowercased() == text.lowercased() }) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw ConfigError(key: fullKey(key), problem: "must be one of \(allowed) (got \"\(text)\")")
        }
        record.note(fullKey(key), value: value.rawValue, secret: false)
        return value
    }

    /// A comma-separated list, trimmed, without empty items.
    package func list(_ key: String, default defaultValue: [String] = []) -> [String] {
        guard let text = raw(key) else { return defaultValue }
        let items = text.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        record.note(fullKey(key), value: items.joined(separator: ","), secret: false)
        return items
    }

    /// Every value read so far, with secrets replaced by `<redacted>`, for a start-up log line.
    package func effectiveConfiguration() -> [String: String] { record.snapshot() }
}

/// The values a reader tree has handed out, shared by all scoped readers of one root.
private final class ConfigRecord: Sendable {
    private let entries = Mutex<[String: String]>([:])

    func note(_ key: String, value: String, secret: Bool) {
        entries.withLock { $0[key] = secret ? (value.isEmpty ? "" : "<redacted>") : value }
    }

    func snapshot() -> [String: String] { entries.withLock { $0 } }
}
