import Cryptography
package import Foundation

/// A Maildir (`tmp/`, `new/`, `cur/`) that messages are delivered into atomically: written to `tmp/`, flushed,
/// then renamed into `new/`, so a reader never sees half a message. The development mailbox.
///
/// File I/O runs on a dedicated thread, never on the cooperative pool.
package struct Maildir: Sendable {
    /// The mailbox directory (holding `tmp/`, `new/`, `cur/`).
    package let directory: URL

    /// A Maildir at `directory`; created on first delivery.
    package init(directory: URL) {
        self.directory = directory
    }

    /// Delivers one RFC 5322 message; returns the path of the file in `new/`.
    ///
    /// - Throws: the file system's error (permissions, disk full).
    package func deliver(_ message: [UInt8]) async throws -> String {
        let directory = directory
        return try await DedicatedThread.run(name: "paylinks-maildir") { () throws(any Error) -> String in
            try Self.deliverBlocking(message, into: directory)
        }
    }

    private static func deliverBlocking(_ message: [UInt8], into directory: URL) throws -> String {
        let manager = FileManager.default
        for sub in ["tmp", "new", "cur"] {
            try manager.createDirectory(at: directory.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        let milliseconds = Int64(Date().timeIntervalSince1970 * 1000)
        let name = "\(milliseconds).\(Hex.encode(SecureRandom.bytes(count: 8))).paylinks.eml"
        let temporary = directory.appendingPathComponent("tmp").appendingPathComponent(name)
        let final = directory.appendingPathComponent("new").appendingPathComponent(name)
        guard manager.createFile(atPath: temporary.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        let handle = try FileHandle(forWritingTo: temporary)
        do {
            try handle.write(contentsOf: Data(message))
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            try? manager.removeItem(at: temporary)
            throw error
        }
        try manager.moveItem(at: temporary, to: final)
        return final.path
    }
}
