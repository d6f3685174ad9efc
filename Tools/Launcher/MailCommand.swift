package import ConfigKit
import Foundation

/// `paylinks mail [count]`: the newest messages of the local dev mailbox (`<PAYLINKS_DATA_DIR>/mailbox`), where
/// the messaging service delivers email while no SMTP server is configured — so a developer can follow a
/// sign-in link without any mail server.
package enum MailCommand {
    /// The newest `count` messages (oldest of them first), each as stored, separated by a rule; or a line
    /// saying the mailbox is empty.
    ///
    /// - Throws: ``ConfigError`` for a bad count.
    package static func render(arguments: [String], reader: ConfigReader) throws -> String {
        var count = 1
        if let text = arguments.first {
            guard let value = Int(text), (1...100).contains(value) else {
                throw ConfigError(key: "count", problem: "must be a number from 1 to 100 (got \"\(text)\")")
            }
            count = value
        }
        let dataDirectory = reader.scoped("PAYLINKS").string("DATA_DIR", default: ".data")
        let mailbox = reader.scoped("MESSAGING").string("DEV_MAILBOX_DIR", default: dataDirectory + "/mailbox")
        let messages = newest(in: mailbox + "/new", count: count) + newest(in: mailbox + "/cur", count: count)
        let chosen = messages.sorted { $0.date < $1.date }.suffix(count)
        guard !chosen.isEmpty else { return "The dev mailbox (\(mailbox)) is empty." }
        return chosen.map { message in
            let text = (try? String(contentsOfFile: message.path, encoding: .utf8)) ?? "(unreadable)"
            return "── \(message.path)\n\(text)"
        }.joined(separator: "\n")
    }

    private static func newest(in directory: String, count: Int) -> [(path: String, date: Date)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.compactMap { name in
            let path = directory + "/" + name
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                attributes[.type] as? FileAttributeType == .typeRegular,
                let date = attributes[.modificationDate] as? Date
            else { return nil }
            return (path, date)
        }
    }
}
