import Foundation
import TestSupport

/// A real HTTP/1.1 peer for the client tests: ``PythonHTTPPeerScript`` run as a ``PythonPeer`` on 127.0.0.1,
/// optionally with TLS and a fresh self-signed certificate for 127.0.0.1/localhost. It prints its port first.
struct PythonHTTPPeer: Sendable {
    /// The port the server bound.
    let port: Int
    /// `http://127.0.0.1:PORT` or `https://127.0.0.1:PORT`.
    let baseURL: String
    /// The PEM certificate the TLS server presents (its own CA), or `nil` for plain HTTP.
    let certificatePath: String?
    private let peer: PythonPeer

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
        var arguments: [String] = []
        var certificatePath: String?
        if tls {
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("paylinks-http-client-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let certificate = directory.appendingPathComponent("cert.pem").path
            let key = directory.appendingPathComponent("key.pem").path
            let result = try await PythonPeer.run(
                script: """
                    import subprocess, sys
                    sys.exit(subprocess.call(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                        "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                        "-days", "1", "-keyout", sys.argv[2], "-out", sys.argv[1]],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
                    """,
                arguments: [certificate, key]
            )
            guard result.status == 0 else {
                throw PythonPeer.StartError(description: "openssl req exited with \(result.status)")
            }
            arguments = [certificate, key]
            certificatePath = certificate
        }
        let peer = try await PythonPeer.start(
            name: "http-peer",
            script: PythonHTTPPeerScript.source,
            arguments: arguments
        )
        guard let port = Int(peer.firstLine.trimmingCharacters(in: .whitespaces)) else {
            peer.stop()
            throw PythonPeer.StartError(description: "the HTTP peer printed \(peer.firstLine) instead of a port")
        }
        return PythonHTTPPeer(
            port: port,
            baseURL: "\(tls ? "https" : "http")://127.0.0.1:\(port)",
            certificatePath: certificatePath,
            peer: peer
        )
    }

    /// Kills the server by its PID and removes its directory.
    func stop() {
        peer.stop()
        if let certificatePath {
            try? FileManager.default.removeItem(atPath: (certificatePath as NSString).deletingLastPathComponent)
        }
    }
}
