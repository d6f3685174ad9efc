import Foundation
import Synchronization

/// A child process whose output lines are forwarded with a prefix and whose exit can be awaited.
///
/// Output is read by Foundation's file-handle callbacks (Dispatch threads, not the cooperative pool), and the
/// exit status arrives through the termination handler, so nothing here blocks async code.
final class ChildProcess: Sendable {
    /// The operating-system process id.
    let pid: Int32
    private let exit: ExitTracker
    private let process: Process

    /// Starts `executable` with `arguments` and `environment`; each output line is passed to `onLine`.
    ///
    /// - Throws: when the executable cannot be started.
    init(
        executable: String,
        arguments: [String],
        environment: [String: String],
        onLine: @escaping @Sendable (String) -> Void
    ) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let splitter = LineSplitter(onLine: onLine)
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                splitter.flush()
            } else {
                splitter.append(data)
            }
        }
        let exit = ExitTracker()
        process.terminationHandler = { finished in
            let signalled = finished.terminationReason == .uncaughtSignal
            exit.finish(status: signalled ? 128 + finished.terminationStatus : finished.terminationStatus)
        }
        try process.run()
        self.process = process
        self.pid = process.processIdentifier
        self.exit = exit
    }

    /// Sends a signal to the process (`SIGTERM` by default).
    func signal(_ number: Int32 = SIGTERM) { kill(pid, number) }

    /// Whether the process has exited.
    var hasExited: Bool { exit.status != nil }

    /// Waits for the process to exit and returns its status (128 + signal number when killed by a signal).
    func waitForExit() async -> Int32 { await exit.wait() }
}

/// The exit status of a process, and the tasks waiting for it.
private final class ExitTracker: Sendable {
    private struct State {
        var status: Int32?
        var waiters: [CheckedContinuation<Int32, Never>] = []
    }

    private let state = Mutex(State())

    var status: Int32? { state.withLock { $0.status } }

    func finish(status: Int32) {
        let waiters = state.withLock { state -> [CheckedContinuation<Int32, Never>] in
            state.status = status
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: status) }
    }

    func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            let status: Int32? = state.withLock { state in
                if let status = state.status { return status }
                state.waiters.append(continuation)
                return nil
            }
            if let status { continuation.resume(returning: status) }
        }
    }
}

/// Cuts a byte stream into lines.
private final class LineSplitter: Sendable {
    private let buffer = Mutex(Data())
    private let onLine: @Sendable (String) -> Void

    init(onLine: @escaping @Sendable (String) -> Void) { self.onLine = onLine }

    func append(_ data: Data) {
        let lines: [String] = buffer.withLock { buffer in
            buffer.append(data)
            var lines: [String] = []
            while let newline = buffer.firstIndex(of: 0x0A) {
                lines.append(String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self))
                buffer.removeSubrange(buffer.startIndex...newline)
            }
            return lines
        }
        lines.forEach(onLine)
    }

    func flush() {
        let rest = buffer.withLock { buffer -> Data in
            defer { buffer = Data() }
            return buffer
        }
        if !rest.isEmpty { onLine(String(decoding: rest, as: UTF8.self)) }
    }
}
