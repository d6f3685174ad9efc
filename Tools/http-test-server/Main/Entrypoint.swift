import Glibc
import HTTPCore
import HTTPServer
import LifecycleKit
import LogKit
import Synchronization

/// A small server for process-level tests and benchmarks of `HTTPServer`.
///
/// Usage: `http-test-server [--port N] [--loops N] [--reuse-port] [--grace-seconds N]` (the port may
/// also come from `PORT`). Prints `LISTENING <port>` on standard output when ready and exits 0 after a
/// graceful shutdown (SIGTERM/SIGINT through LifecycleKit's `ServiceGroup`). Logs go to standard error.
@main
enum Entrypoint {
    static func main() async throws {
        let options = Options(arguments: Array(CommandLine.arguments.dropFirst()))
        let logger = Logger(label: "http-test-server", level: .warning, handler: JSONLogHandler(fileDescriptor: 2))
        let configuration = HTTPServerConfiguration(
            port: options.port,
            eventLoopCount: options.loops,
            listenStrategy: options.reusePort ? .reusePortPerLoop : .singleAcceptor,
            gracePeriod: .seconds(options.graceSeconds)
        )
        let server = HTTPServer(configuration: configuration, responder: TestResponder(), logger: logger) { port in
            let line = Array("LISTENING \(port)\n".utf8)
            _ = write(1, line, line.count)
        }
        try await ServiceGroup(services: [server], logger: logger).run()
    }
}

/// Command-line options.
private struct Options {
    var port = Int(getenv("PORT").map { String(cString: $0) } ?? "") ?? 0
    var loops: Int?
    var reusePort = false
    var graceSeconds: Int64 = 30

    init(arguments: [String]) {
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--port": port = rest.popFirst().flatMap { Int($0) } ?? port
            case "--loops": loops = rest.popFirst().flatMap { Int($0) }
            case "--reuse-port": reusePort = true
            case "--grace-seconds": graceSeconds = rest.popFirst().flatMap { Int64($0) } ?? graceSeconds
            default: if let number = Int(argument) { port = number }
            }
        }
    }
}

/// The routes: `/hello` (and `/plaintext`), `/slow?ms=N`, `/inflight` (how many `/slow` requests are
/// running), `/echo` (POST, echoes the body), `/small` (body limit 16 bytes), `/big?bytes=N` (N bytes),
/// `/stream?chunks=N&size=M` (a chunked stream).
private struct TestResponder: HTTPResponder {
    static let hello = Array("Hello, World!".utf8)
    static let slowInFlight = Atomic<Int>(0)

    func bodyLimit(for head: HTTPRequestHead) -> Int? { head.target.utf8.starts(with: "/small".utf8) ? 16 : nil }

    func respond(to request: HTTPRequest, connection: HTTPConnectionInfo) async -> HTTPResponse {
        // Split on the UTF-8 view: cheaper than Character-based `firstIndex(of:)` in a benchmark server.
        let target = request.head.target
        let mark = target.utf8.firstIndex(of: UInt8(ascii: "?"))
        let path = mark.map { target[..<$0] } ?? target[...]
        let query = Query(mark.map { target[target.utf8.index(after: $0)...] })
        switch path {
        case "/hello", "/plaintext":
            return HTTPResponse(status: .ok, headers: ["Content-Type": "text/plain"], bytes: Self.hello)
        case "/slow":
            Self.slowInFlight.add(1, ordering: .relaxed)
            defer { Self.slowInFlight.subtract(1, ordering: .relaxed) }
            try? await Task.sleep(for: .milliseconds(query.int("ms") ?? 100))
            return HTTPResponse(status: .ok, headers: ["Content-Type": "text/plain"], bytes: Array("slow".utf8))
        case "/inflight":
            return HTTPResponse(status: .ok, bytes: Array("\(Self.slowInFlight.load(ordering: .relaxed))".utf8))
        case "/echo", "/small":
            return HTTPResponse(status: .ok, headers: ["Content-Type": "application/octet-stream"], bytes: request.body)
        case "/big":
            let count = min(query.int("bytes") ?? 1 << 20, 64 << 20)
            return HTTPResponse(status: .ok, bytes: [UInt8](repeating: UInt8(ascii: "b"), count: count))
        case "/stream":
            let chunks = query.int("chunks") ?? 10
            let size = query.int("size") ?? 1024
            return HTTPResponse(
                status: .ok,
                body: .stream(
                    HTTPBodyStream { writer in
                        for index in 0..<chunks {
                            try await writer.write(
                                [UInt8](repeating: UInt8(ascii: "a") + UInt8(index % 26), count: size)
                            )
                        }
                    }
                )
            )
        default:
            return HTTPResponse(
                status: .notFound,
                bytes: Array(#"{"error":{"message":"Not found","code":"NOT_FOUND"}}"#.utf8)
            )
        }
    }
}

/// `name=value` pairs of a query string.
private struct Query {
    let pairs: [Substring: Substring]

    init(_ query: Substring?) {
        var pairs: [Substring: Substring] = [:]
        guard let query, !query.isEmpty else {
            self.pairs = pairs
            return
        }
        for item in query.split(separator: "&") {
            let parts = item.split(separator: "=", maxSplits: 1)
            pairs[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        self.pairs = pairs
    }

    func int(_ name: Substring) -> Int? { pairs[name].flatMap { Int($0) } }
}
