import ConfigKit
import Foundation
import Launcher
import Testing

@Suite struct MailCommandTests {
    @Test func showsTheNewestMessagesOfTheDevMailbox() throws {
        let root = NSTemporaryDirectory() + "paylinks-mail-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let new = root + "/mailbox/new"
        try FileManager.default.createDirectory(atPath: new, withIntermediateDirectories: true)
        let reader = ConfigReader(values: ["PAYLINKS_DATA_DIR": root])
        #expect(try MailCommand.render(arguments: [], reader: reader).contains("is empty"))

        for (index, subject) in ["first", "second", "third"].enumerated() {
            let path = new + "/\(index).eml"
            try "Subject: \(subject)\r\n\r\nbody \(subject)\r\n".write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSince1970: 1_700_000_000 + Double(index))],
                ofItemAtPath: path
            )
        }
        let newest = try MailCommand.render(arguments: [], reader: reader)
        #expect(newest.contains("Subject: third") && !newest.contains("Subject: second"))
        let two = try MailCommand.render(arguments: ["2"], reader: reader)
        #expect(two.contains("Subject: second") && two.contains("Subject: third") && !two.contains("first"))
        #expect(two.range(of: "second")!.lowerBound < two.range(of: "third")!.lowerBound, "oldest first")
        #expect(throws: ConfigError.self) { try MailCommand.render(arguments: ["0"], reader: reader) }
        #expect(throws: ConfigError.self) { try MailCommand.render(arguments: ["many"], reader: reader) }
    }
}
