import Foundation
import Glibc
import NetCore
import Synchronization

/// The `http-test-server` executable run as a child process, for process-level tests (signals, RSS).
///
/// The binary is looked up next to the running test bundle (`.build/<config>/http-test-server`), or at
/// `HTTP_TEST_SERVER_PATH`. The process binds port 0 and prints `LISTENING <port>`; ``start(arguments:)``
/// waits for that line on a ``BlockingPool`` thread.
package final class HTTPTestServerProcess: Sendable {
    /// The child's process id.
    package let pid: Int32
    /// The port it listens on.
    package let port: Int
    private let process: Process
    private let exit: ExitWatch

    private init(process: Process, port: Int, exit: ExitWatch) {
        self.process = process
        self.pid = process.processIdentifier
        self.port = port
        self.exit = exit
    }

    /// Where the `http-test-server` binary is.
    package static var executablePath: String {
        if let path = ProcessInfo.processInfo.environment["HTTP_TEST_SERVER_PATH"] { return path }
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = bundle.deletingLastPathComponent()
        // Swift Testing may run the bundle from `.../debug/xxx.xctest` or deeper inside it.
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("http-test-server").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return bundle.deletingLastPathComponent().appendingPathComponent("http-test-server").path
    }

    /// Starts the server and waits (up to `timeout`) for its `LISTENING` line.
    ///
    /// - Throws: ``HTTPTestClientError`` if the binary is missing or never reports its port.
    package static func start(
        arguments: [String] = [],
        timeout: Duration = .seconds(30)
    ) async throws
        -> HTTPTestServerProcess
    {
        let path = executablePath
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw HTTPTestClientError("http-test-server not found at \(path); build it first")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["--port", "0"] + arguments
        let output = Pipe()
        process.standardOutput = output
        let exit = ExitWatch()
        process.terminationHandler = { process in exit.exited(status: process.terminationStatus) }
        try process.run()
        let handle = output.fileHandleForReading
        let seconds = Int(timeout.components.seconds)
        let port = try await BlockingPool.shared.run { () -> Int? in
            var fds = pollfd(fd: handle.fileDescriptor, events: Int16(POLLIN), revents: 0)
            var text = ""
            let deadline = Deadline.now() + .seconds(seconds)
            while Deadline.now() < deadline {
                guard poll(&fds, 1, 200) >= 0 else { return nil }
                guard fds.revents != 0 else { continue }
                let data = handle.availableData
                if data.isEmpty { return nil }
                text += String(decoding: data, as: UTF8.self)
                for line in text.split(separator: "\n") where line.hasPrefix("LISTENING ") {
                    return Int(line.dropFirst("LISTENING ".count))
                }
            }
            return nil
        }
        guard let port else {
            process.terminate()
            throw HTTPTestClientError("http-test-server did not report a port")
        }
        // Keep draining stdout so the child never blocks on a full pipe.
        handle.readabilityHandler = { handle in _ = handle.availableData }
        return HTTPTestServerProcess(process: process, port: port, exit: exit)
    }

    /// Sends a signal (for example `SIGTERM`) to the process.
    package func send(signal: Int32) { kill(pid, signal) }

    /// Resident memory in kilobytes, from `/proc/<pid>/status` (`VmRSS`), read on a pool thread.
    package func residentMemoryKilobytes() async throws -> Int {
        let pid = self.pid
        return try await BlockingPool.shared.run {
            let text = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
                return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
            }
            return 0
        }
    }

    /// Waits up to `timeout` for the process to exit; returns its exit status, or `nil` if still running.
    package func waitForExit(timeout: Duration) async -> Int32? {
        await exit.wait(timeout: timeout)
    }

    /// Kills the process if it is still running (cleanup).
    package func terminate() {
        if process.isRunning { kill(pid, SIGKILL) }
    }
}

/// The exit status of a child process, awaited with a timeout (resumed by `terminationHandler`).
private final class ExitWatch: Sendable {
    private struct State {
        var status: Int32?
        var waiters: [Int: CheckedContinuation<Int32?, Never>] = [:]
        var nextID = 0
    }

    private let state = Mutex(State())

    func exited(status: Int32) {
        let waiters = state.withLock { state -> [CheckedContinuation<Int32?, Never>] in
            state.status = status
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: status) }
    }

    func wait(timeout: Duration) async -> Int32? {
        await withTaskGroup(of: Int32?.self) { group in
            let id = state.withLock { state -> Int in
                defer { state.nextID += 1 }
                return state.nextID
            }
            group.addTask {
                await withCheckedContinuation { continuation in
                    let status = self.state.withLock { state -> Int32?? in
                        if let status = state.status { return .some(status) }
                        state.waiters[id] = continuation
                        return .none
                    }
                    if let status { continuation.resume(returning: status) }
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            if first == nil {
                let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
                waiter?.resume(returning: state.withLock { $0.status })
            }
            group.cancelAll()
            return first ?? state.withLock { $0.status }
        }
    }
}
