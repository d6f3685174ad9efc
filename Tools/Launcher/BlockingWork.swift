import Foundation

/// Runs blocking work (file I/O, `stat`) on a thread of its own, so async code never blocks the cooperative
/// pool (which has only as many threads as the machine has cores).
package enum BlockingWork {
    /// Runs `body` on a new thread and returns its result.
    ///
    /// Meant for short, infrequent work such as reading a small file at start-up; each call starts a thread.
    ///
    /// - Throws: whatever `body` throws.
    package static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
        }
    }
}
