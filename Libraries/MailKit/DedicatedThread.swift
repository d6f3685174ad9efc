import Foundation

/// Runs blocking work (a libcurl transfer, file I/O) on a new thread of its own, so the cooperative pool
/// never blocks; the caller suspends until the work is done.
///
/// One thread per call suits infrequent, slow work such as sending an email; it is not a thread pool.
package enum DedicatedThread {
    /// Runs `body` on a new thread named `name` and returns its result.
    ///
    /// - Throws: what `body` throws.
    package static func run<T: Sendable, E: Error>(
        name: String,
        _ body: @escaping @Sendable () throws(E) -> T
    ) async throws(E) -> T {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, E>, Never>) in
            let thread = Thread {
                continuation.resume(returning: Result { () throws(E) -> T in try body() })
            }
            thread.name = name
            thread.start()
        }
        return try result.get()
    }
}
