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
        let messages = files(in: mailbox + "/new") + files(in: mailbox + "/cur")
        let chosen = messages.sorted { $0.date < $1.date }.suffix(count)
        guard !chosen.isEmpty else { return "The dev mailbox (\(mailbox)) is empty." }
        return chosen.map { message in
            guard let raw = try? String(contentsOfFile: message.path, encoding: .utf8) else {
                return "── \(message.path)\n(unreadable)"
            }
            return "── \(message.path)\n" + readable(raw)
        }.joined(separator: "\n")
    }

    /// The message as a person reads it: its Date/From/To/Subject lines, then the decoded plain-text part
    /// (quoted-printable and base64 undone, so links can be clicked), or the raw message when it has none.
    package static func readable(_ raw: String) -> String {
        let message = raw.replacingOccurrences(of: "\r\n", with: "\n")
        guard let (headers, body) = split(message) else { return raw }
        let shown = headers.filter { ["date", "from", "to", "subject"].contains($0.name) }
            .map { "\($0.original): \($0.value)" }
        guard let text = plainText(headers: headers, body: body) else { return raw }
        return (shown + ["", text]).joined(separator: "\n")
    }

    private struct Header {
        var name: String
        var original: String
        var value: String
    }

    private static func split(_ part: String) -> ([Header], String)? {
        guard let end = part.range(of: "\n\n") else { return nil }
        var headers: [Header] = []
        for line in part[..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false) {
            if let first = line.first, first == " " || first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                let name = String(line[..<colon])
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                headers.append(Header(name: name.lowercased(), original: name, value: value))
            }
        }
        return (headers, String(part[end.upperBound...]))
    }

    private static func plainText(headers: [Header], body: String) -> String? {
        let type = headers.first { $0.name == "content-type" }?.value ?? "text/plain"
        let lowered = type.lowercased()
        if lowered.hasPrefix("multipart/") {
            guard let boundary = parameter("boundary", in: type) else { return nil }
            for section in body.components(separatedBy: "--" + boundary).dropFirst() {
                guard !section.hasPrefix("--"), let (partHeaders, partBody) = split(String(section.drop { $0 == "\n" }))
                else { continue }
                if let text = plainText(headers: partHeaders, body: partBody) { return text }
            }
            return nil
        }
        guard lowered.hasPrefix("text/plain") else { return nil }
        let encoding = headers.first { $0.name == "content-transfer-encoding" }?.value.lowercased() ?? "7bit"
        switch encoding {
        case "quoted-printable": return decodeQuotedPrintable(body)
        case "base64":
            let compact = body.filter { !$0.isWhitespace }
            return Data(base64Encoded: compact).map { String(decoding: $0, as: UTF8.self) }
        default: return body
        }
    }

    private static func parameter(_ name: String, in value: String) -> String? {
        for item in value.split(separator: ";").dropFirst() {
            let pair = item.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == name else { continue }
            return pair[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }

    /// RFC 2045 §6.7: `=XX` is a byte, `=` at a line end is a soft break.
    static func decodeQuotedPrintable(_ text: String) -> String {
        var bytes: [UInt8] = []
        let input = Array(text.utf8)
        var index = 0
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "="), index + 1 < input.count, input[index + 1] == UInt8(ascii: "\n") {
                index += 2
            } else if byte == UInt8(ascii: "="), index + 2 < input.count, let high = hex(input[index + 1]),
                let low = hex(input[index + 2])
            {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(byte)
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The regular files of `directory` with their modification dates.
    private static func files(in directory: String) -> [(path: String, date: Date)] {
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
