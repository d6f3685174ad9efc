import Foundation
import Synchronization

/// A real HTTP/1.1 peer for the client tests: ``PythonHTTPPeerScript`` run by `python3` on 127.0.0.1 in a
/// temporary directory, optionally with TLS and a fresh self-signed certificate for 127.0.0.1/localhost.
///
/// Started with Foundation `Process`; the port is read from the script's first stdout line through a
/// readability handler (no blocking read on the cooperative pool); stopped by killing its PID.
struct PythonHTTPPeer: Sendable {
    struct StartError: Error, CustomStringConvertible {
        var description: String
    }

    /// The port the server bound.
    let port: Int
    /// `http://127.0.0.1:PORT` or `https://127.0.0.1:PORT`.
    let baseURL: String
    /// The PEM certificate the TLS server presents (its own CA), or `nil` for plain HTTP.
    let certificatePath: String?
    private let processID: Int32
    private let directory: URL

    /// Runs `body` against a fresh peer and always stops the peer afterwards.
    static func with<T>(tls: Bool = false, _ body: (PythonHTTPPeer) async throws -> T) async throws -> T {
        let peer = try await start(tls: tls)
        do {
            let result = try await body(peer)
            peer.stop()
            return result
        } catch {
            peer.stop()
            throw error
        }
    }

    /// `baseURL` + `path`.
    func url(_ path: String) -> String { baseURL + path }

    private static func start(tls: Bool) async throws -> PythonHTTPPeer {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("paylinks-http-client-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = directory.appendingPathComponent("peer.py")
        try PythonHTTPPeerScript.source.write(to: script, atomically: true, encoding: .utf8)

        var arguments = ["python3", "-I", "-S", "-u", script.path]
        var certificatePath: String?
        if tls {
            let certificate = directory.appendingPathComponent("cert.pem").path
            let key = directory.appendingPathComponent("key.pem").path
            let status = try await runToCompletion([
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-days", "1",
                "-keyout", key, "-out", certificate,
            ])
            guard status == 0 else { throw StartError(description: "openssl req exited with \(status)") }
            arguments += [certificate, key]
            certificatePath = certificate
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        let firstLine = FirstLineReader()
        output.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil }
            firstLine.receive(data)
        }
        process.terminationHandler = { process in
            firstLine.fail("python3 exited with \(process.terminationStatus) before printing its port")
        }
        try process.run()
        let line: String
        do {
            line = try await firstLine.value()
        } catch {
            kill(process.processIdentifier, SIGKILL)
            throw error
        }
        guard let port = Int(line.trimmingCharacters(in: .whitespaces)) else {
            kill(process.processIdentifier, SIGKILL)
            throw StartError(description: "python3 printed \(line) instead of a port")
        }
        return PythonHTTPPeer(
            port: port,
            baseURL: "\(tls ? "https" : "http")://127.0.0.1:\(port)",
            certificatePath: certificatePath,
            processID: process.processIdentifier,
            directory: directory
        )
    }

    /// Kills the server by its PID and removes its directory.
    func stop() {
        kill(processID, SIGKILL)
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs a short command and returns its exit status, waiting through the termination handler.
    private static func runToCompletion(_ arguments: [String]) async throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
    }
}

/// Collects stdout until the first newline and hands that line to one waiter, exactly once.
private final class FirstLineReader: Sendable {
    private enum State {
        case collecting(Data, CheckedContinuation<String, any Error>?)
        case finished(Result<String, any Error>)
        case delivered
    }

    private let state = Mutex(State.collecting(Data(), nil))

    func receive(_ data: Data) {
        let resume: (CheckedContinuation<String, any Error>, String)? = state.withLock { state in
            guard case .collecting(var buffer, let waiter) = state else { return nil }
            buffer.append(data)
            guard let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) else {
                state = .collecting(buffer, waiter)
                return nil
            }
            let line = String(decoding: buffer[..<newline], as: UTF8.self)
            guard let waiter else {
                state = .finished(.success(line))
                return nil
            }
            state = .delivered
            return (waiter, line)
        }
        if let (waiter, line) = resume { waiter.resume(returning: line) }
    }

    func fail(_ message: String) {
        let waiter: CheckedContinuation<String, any Error>?? = state.withLock { state in
            guard case .collecting(_, let waiter) = state else { return nil }
            let error = PythonHTTPPeer.StartError(description: message)
            if let waiter {
                state = .delivered
                return .some(waiter)
            }
            state = .finished(.failure(error))
            return .some(nil)
        }
        if let waiter = waiter ?? nil { waiter.resume(throwing: PythonHTTPPeer.StartError(description: message)) }
    }

    func value() async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<String, any Error>? = state.withLock { state in
                switch state {
                case .collecting(let buffer, _):
                    state = .collecting(buffer, continuation)
                    return nil
                case .finished(let result):
                    state = .delivered
                    return result
                case .delivered:
                    return .failure(PythonHTTPPeer.StartError(description: "first line already taken"))
                }
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
