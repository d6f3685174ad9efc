import Dispatch
package import Foundation
import Glibc

/// Objects kept as files under a root directory, for development without a cloud bucket.
///
/// Keys must satisfy ``ObjectKey/isValid(_:)`` (so a key can never leave the root). Every file operation runs
/// on a dispatch queue, never on the caller's (cooperative) thread. Writes go to a hidden temporary file and
/// are renamed into place, so a reader never sees half a file.
package struct LocalObjectStore: Sendable {
    /// Why an operation failed.
    package enum Failure: Error, Sendable, Hashable {
        /// The key breaks ``ObjectKey`` rules.
        case invalidKey
    }

    /// The root directory.
    package let root: URL
    private let queue = DispatchQueue(label: "paylinks.object-storage.local", attributes: .concurrent)

    /// A store rooted at `directory` (created on first write).
    package init(directory: String) {
        root = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
    }

    /// Writes `bytes` as object `key`, replacing any previous content.
    ///
    /// - Throws: ``Failure/invalidKey`` or the file system's error.
    package func write(_ bytes: [UInt8], key: String) async throws {
        let url = try fileURL(for: key)
        try await onQueue {
            let directory = url.deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let temporary = directory.appendingPathComponent(".\(UUID().uuidString.lowercased()).part")
            do {
                try Data(bytes).write(to: temporary)
                // rename(2) replaces an existing file atomically.
                guard rename(temporary.path, url.path) == 0 else {
                    throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
                }
            } catch {
                try? FileManager.default.removeItem(at: temporary)
                throw error
            }
        }
    }

    /// The content of object `key`, or `nil` when there is none.
    ///
    /// - Throws: ``Failure/invalidKey`` or the file system's error.
    package func read(key: String) async throws -> [UInt8]? {
        let url = try fileURL(for: key)
        return try await onQueue {
            guard FileManager.default.fileExists(atPath: url.path) else { return nil }
            return [UInt8](try Data(contentsOf: url))
        }
    }

    /// The file for `key` inside the root.
    ///
    /// - Throws: ``Failure/invalidKey``.
    package func fileURL(for key: String) throws(Failure) -> URL {
        guard ObjectKey.isValid(key) else { throw .invalidKey }
        let url = root.appendingPathComponent(key).standardizedFileURL
        guard url.path.hasPrefix(root.path + "/") else { throw .invalidKey }
        return url
    }

    private func onQueue<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
