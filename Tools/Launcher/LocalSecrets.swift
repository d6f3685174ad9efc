import Foundation

/// Secrets generated once for a local installation and kept in `.data/local.env` (mode 0600), so a
/// second `make run` finds the same database passwords and signing keys.
package struct LocalSecrets: Sendable {
    /// The values by name.
    package private(set) var values: [String: String]
    private let path: String

    /// Loads the file, or starts empty when it does not exist.
    package init(path: String) throws {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path) else {
            values = [:]
            return
        }
        var values: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        self.values = values
    }

    /// The value for `name`, generating and saving a new random one (`prefix` + 256 bits in hex) the first time.
    package mutating func value(for name: String, prefix: String = "") throws -> String {
        if let existing = values[name] { return existing }
        var generator = SystemRandomNumberGenerator()
        let secret =
            prefix
            + (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        values[name] = secret
        let text = values.keys.sorted().map { "\($0)=\(values[$0]!)" }.joined(separator: "\n") + "\n"
        guard
            FileManager.default.createFile(
                atPath: path,
                contents: Data(text.utf8),
                attributes: [.posixPermissions: 0o600]
            )
        else { throw LauncherError("cannot write \(path)") }
        return secret
    }
}
