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

    @Test func decodesTheQuotedPrintablePlainTextPartSoTheLinkIsWhole() {
        let raw = [
            "Date: Sun, 06 Dec 2026 03:10:10 +0000", "From: PayLinks <no-reply@paylinks.local>", "To: you@example.com",
            "Subject: Your PayLinks sign-in link", "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"=_b1\"", "", "preamble", "--=_b1",
            "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable", "",
            "Use this link:", "http://localhost:8080/api/v1/auth/verify?token=3DKH8q7OLSiW1lZB0h0Psu=",
            "YEJGx1L_tg", "Bun=C4=83 ziua", "--=_b1", "Content-Type: text/html; charset=utf-8", "", "<p>html</p>",
            "--=_b1--", "",
        ].joined(separator: "\r\n")
        let shown = MailCommand.readable(raw)
        #expect(
            shown.contains("http://localhost:8080/api/v1/auth/verify?token=KH8q7OLSiW1lZB0h0PsuYEJGx1L_tg"),
            "\(shown)"
        )
        #expect(shown.contains("Bună ziua"))
        #expect(shown.contains("Subject: Your PayLinks sign-in link") && shown.contains("To: you@example.com"))
        #expect(!shown.contains("<p>html</p>") && !shown.contains("quoted-printable"))
        #expect(MailCommand.readable("no headers at all") == "no headers at all")
    }
}
