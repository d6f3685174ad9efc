import Foundation
import MailKit
import Testing

struct MaildirTests {
    @Test func deliversIntoNewAtomicallyWithNothingLeftInTmp() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("maildir-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let maildir = Maildir(directory: directory)
        let first = try await maildir.deliver(Array("Subject: one\r\n\r\nbody\r\n".utf8))
        let second = try await maildir.deliver(Array("Subject: two\r\n\r\nbody\r\n".utf8))
        #expect(first != second)
        #expect(first.hasPrefix(directory.appendingPathComponent("new").path))
        #expect(try String(contentsOfFile: first, encoding: .utf8) == "Subject: one\r\n\r\nbody\r\n")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("tmp").path).isEmpty
        )
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("new").path).count == 2
        )
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("cur").path))
    }
}
