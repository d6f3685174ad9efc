package import Foundation
import Synchronization

/// A third-party peer written in Python (aiosmtpd, oidc-provider-mock, PyJWT… see `TEST-PEERS.md`), run by
/// the project's virtual environment on 127.0.0.1.
///
/// The script gets `arguments` and must print one line when it is ready (typically its port, or a JSON
/// object); ``firstLine`` holds it. Everything else it prints to stdout is drained and kept in
/// ``output()``; stderr goes to `stderr.log` in its ``directory``. Stopped by killing its PID.
///
/// ```swift
/// let peer = try await PythonPeer.start(name: "smtp", script: source, arguments: ["--port", "0"])
/// defer { peer.stop() }
/// let port = Int(peer.firstLine)!
/// ```
package struct PythonPeer: Sendable {
    /// Why a peer could not start (the message quotes the end of its stderr).
    package struct StartError: Error, CustomStringConvertible {
        package var description: String

        package init(description: String) { self.description = description }
    }

    /// The first line the script printed, without its newline.
    package let firstLine: String
    /// The process id.
    package let processID: Int32
    /// A private temporary directory the script runs in (removed by ``stop()``).
    package let directory: URL
    private let collected: OutputCollector

    /// The Python interpreter of the project's venv: `PAYLINKS_PYTHON`, else `<package root>/.venv/bin/python`
    /// (created by `scripts/python-env.sh`, which `make test` runs).
    ///
    /// - Throws: ``StartError`` saying how to create the venv when neither exists. Tests fail rather than skip.
    package static func interpreter() throws -> String {
        if let configured = ProcessInfo.processInfo.environment["PAYLINKS_PYTHON"], !configured.isEmpty {
            return configured
        }
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent(".venv/bin/python")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
            directory.deleteLastPathComponent()
        }
        throw StartError(
            description: "no Python venv: run scripts/python-env.sh (make test does) or set PAYLINKS_PYTHON"
        )
    }

    /// Starts `script` and waits (at most `timeout`) for its first line.
    package static func start(
        name: String,
        script: String,
        arguments: [String] = [],
        environment: [String: String] = [:],
        timeout: Duration = .seconds(30)
    ) async throws -> PythonPeer {
        let python = try interpreter()
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("paylinks-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let scriptURL = directory.appendingPathComponent("\(name).py")
        try script.write(to: scriptURL, atomically: true, encoding: .utf8)
        let stderrURL = directory.appendingPathComponent("stderr.log")
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-u", scriptURL.path] + arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        let collector = OutputCollector()
        output.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil }
            collector.receive(data)
        }
        process.terminationHandler = { process in
            collector.fail("\(name) exited with \(process.terminationStatus) before it was ready")
        }
        try process.run()
        let pid = process.processIdentifier
        let line: String
        do {
            line = try await withThrowingTaskGroup(of: String.self) { group in
                group.addTask { try await collector.firstLine() }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    throw StartError(description: "\(name) printed nothing within \(timeout)")
                }
                defer { group.cancelAll() }
                return try await group.next()!
            }
        } catch {
            kill(pid, SIGKILL)
            let stderr = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
            throw StartError(description: "\(error); stderr: \(stderr.suffix(2000))")
        }
        return PythonPeer(firstLine: line, processID: pid, directory: directory, collected: collector)
    }

    /// Runs `script` to completion and returns its exit status and stdout (for one-shot oracles such as PyJWT).
    package static func run(
        script: String,
        arguments: [String] = [],
        standardInput: String? = nil
    ) async throws -> (status: Int32, output: String, errors: String) {
        let python = try interpreter()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let input = Pipe()
        process.standardInput = input
        let outputCollector = OutputCollector()
        let errorCollector = OutputCollector()
        output.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                outputCollector.markEnded()
            }
            outputCollector.receive(data)
        }
        errors.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                errorCollector.markEnded()
            }
            errorCollector.receive(data)
        }
        let stdinText = Data((standardInput ?? "").utf8)
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
                // Small inputs (messages, tokens) fit the pipe buffer; larger ones are written by a thread.
                let handle = input.fileHandleForWriting
                Thread.detachNewThread {
                    handle.write(stdinText)
                    try? handle.close()
                }
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        // The process has exited; wait (bounded) until both pipes reported end of file, so nothing is cut off.
        let deadline = ContinuousClock.now + .seconds(10)
        while !(outputCollector.hasEnded && errorCollector.hasEnded), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        return (status, outputCollector.all(), errorCollector.all())
    }

    /// Everything printed to stdout so far (first line included).
    package func output() -> String { collected.all() }

    /// The stderr written so far.
    package func errors() -> String {
        (try? String(contentsOf: directory.appendingPathComponent("stderr.log"), encoding: .utf8)) ?? ""
    }

    /// Kills the peer by its PID and removes its directory.
    package func stop() {
        kill(processID, SIGKILL)
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Collects a process' stdout and hands its first line to one waiter.
private final class OutputCollector: Sendable {
    private struct State {
        var buffer = Data()
        var failure: String?
        var waiter: CheckedContinuation<String, any Error>?
        var delivered = false
        var ended = false
    }

    private let state = Mutex(State())

    func receive(_ data: Data) {
        let ready: (CheckedContinuation<String, any Error>, String)? = state.withLock { state in
            state.buffer.append(data)
            guard !state.delivered, let waiter = state.waiter,
                let newline = state.buffer.firstIndex(of: UInt8(ascii: "\n"))
            else { return nil }
            state.delivered = true
            state.waiter = nil
            return (waiter, String(decoding: state.buffer[..<newline], as: UTF8.self))
        }
        if let (waiter, line) = ready { waiter.resume(returning: line) }
    }

    func fail(_ message: String) {
        let waiter: CheckedContinuation<String, any Error>? = state.withLock { state in
            state.failure = message
            guard !state.delivered, let waiter = state.waiter else { return nil }
            state.delivered = true
            state.waiter = nil
            return waiter
        }
        waiter?.resume(throwing: PythonPeer.StartError(description: message))
    }

    func firstLine() async throws -> String {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<String, any Error>) in
                let ready: Result<String, any Error>? = state.withLock { state in
                    if let newline = state.buffer.firstIndex(of: UInt8(ascii: "\n")) {
                        state.delivered = true
                        return .success(String(decoding: state.buffer[..<newline], as: UTF8.self))
                    }
                    if let failure = state.failure {
                        state.delivered = true
                        return .failure(PythonPeer.StartError(description: failure))
                    }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            self.fail("cancelled")
        }
    }

    func all() -> String { state.withLock { String(decoding: $0.buffer, as: UTF8.self) } }

    /// Records that the pipe reached end of file.
    func markEnded() { state.withLock { $0.ended = true } }

    /// Whether the pipe reached end of file.
    var hasEnded: Bool { state.withLock { $0.ended } }
}
