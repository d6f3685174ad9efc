import Synchronization

/// A readers–writer lock between tests that use the shared test server (readers) and tests that stop and
/// restart it (the writer), so that a restart never breaks a test running in parallel in the same process.
///
/// Writers are preferred: once one waits, new readers wait behind it. Shared access nests (a task, or its
/// child tasks, already holding it passes straight through); never ask for exclusive access while holding
/// shared access.
final class PostgresTestServerLock: Sendable {
    /// The lock for the process's test server.
    static let shared = PostgresTestServerLock()

    /// Whether the current task (or a parent) holds shared access.
    @TaskLocal private static var holdsShared = false

    private struct State {
        var readers = 0
        var isWriting = false
        var waitingWriters: [CheckedContinuation<Void, Never>] = []
        var waitingReaders: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    func withShared<Result>(_ body: () async throws -> Result) async throws -> Result {
        if Self.holdsShared { return try await body() }
        await acquireShared()
        defer { releaseShared() }
        return try await Self.$holdsShared.withValue(true) { try await body() }
    }

    func withExclusive<Result>(_ body: () async throws -> Result) async throws -> Result {
        precondition(!Self.holdsShared, "exclusive access to the test server requested while holding shared access")
        await acquireExclusive()
        defer { releaseExclusive() }
        return try await body()
    }

    private func acquireShared() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let granted = state.withLock { state in
                guard !state.isWriting, state.waitingWriters.isEmpty else {
                    state.waitingReaders.append(continuation)
                    return false
                }
                state.readers += 1
                return true
            }
            if granted { continuation.resume() }
        }
    }

    private func releaseShared() {
        let writer = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.readers -= 1
            guard state.readers == 0, !state.waitingWriters.isEmpty else { return nil }
            state.isWriting = true
            return state.waitingWriters.removeFirst()
        }
        writer?.resume()
    }

    private func acquireExclusive() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let granted = state.withLock { state in
                guard !state.isWriting, state.readers == 0 else {
                    state.waitingWriters.append(continuation)
                    return false
                }
                state.isWriting = true
                return true
            }
            if granted { continuation.resume() }
        }
    }

    private func releaseExclusive() {
        let (writer, readers) = state.withLock {
            state -> (CheckedContinuation<Void, Never>?, [CheckedContinuation<Void, Never>]) in
            if !state.waitingWriters.isEmpty {
                return (state.waitingWriters.removeFirst(), [])
            }
            state.isWriting = false
            let readers = state.waitingReaders
            state.waitingReaders = []
            state.readers += readers.count
            return (nil, readers)
        }
        writer?.resume()
        for reader in readers { reader.resume() }
    }
}
