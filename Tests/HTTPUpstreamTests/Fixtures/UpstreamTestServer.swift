import HTTPCore
import HTTPServer
import LogKit
import NetCore
import Synchronization

/// Routes of the in-process upstream the client tests talk to.
///
/// `/echo` answers the request body with the method, target, `Host`, `Content-Length` and every `X-Dup`
/// value echoed in fields plus two `Set-Cookie` fields; `/slow?ms=N` answers after N ms; `/empty` is 204;
/// `/stream` is a chunked body; `/count` counts the requests that reached it.
struct UpstreamTestResponder: HTTPResponder {
    let hits = Counter()

    final class Counter: Sendable {
        private let value = Atomic<Int>(0)
        var count: Int { value.load(ordering: .relaxed) }
        func increment() -> Int { value.add(1, ordering: .relaxed).newValue }
    }

    func bodyLimit(for head: HTTPRequestHead) -> Int? { 4 << 20 }

    func respond(to request: HTTPRequest, connection: HTTPConnectionInfo) async -> HTTPResponse {
        switch request.head.path {
        case "/echo":
            var headers: HTTPFields = [
                "X-Method": request.method.rawValue,
                "X-Target": request.head.target,
                "X-Host": request.headers["Host"] ?? "none",
                "X-Content-Length": request.headers["Content-Length"] ?? "none",
                "X-Dup": request.headers.values(for: "X-Dup").joined(separator: "|"),
            ]
            headers.add("Set-Cookie", "a=1")
            headers.add("Set-Cookie", "b=2")
            return HTTPResponse(status: .ok, headers: headers, bytes: request.body)
        case "/slow":
            let query = request.head.query.map(String.init) ?? ""
            let milliseconds = Int(query.split(separator: "=").last ?? "100") ?? 100
            try? await Task.sleep(for: .milliseconds(milliseconds))
            return HTTPResponse(status: .ok, bytes: Array("slow".utf8))
        case "/empty":
            return HTTPResponse(status: .noContent)
        case "/count":
            let count = hits.increment()
            return HTTPResponse(status: .created, bytes: Array("\(count)".utf8))
        case "/stream":
            return HTTPResponse(
                status: .ok,
                body: .stream(
                    HTTPBodyStream { writer in
                        for index in 0..<5 { try await writer.write(Array("part\(index);".utf8)) }
                    }
                )
            )
        default:
            return HTTPResponse(status: .notFound)
        }
    }
}

/// Runs an in-process ``HTTPServer`` on 127.0.0.1:0 for `body`, which runs with a loop of the shared group
/// as its task executor (as gateway handlers do), then shuts the server down within a bounded time.
func withUpstreamServer(
    idleTimeout: Duration = .seconds(5),
    responder: UpstreamTestResponder = UpstreamTestResponder(),
    _ body: (_ port: Int, _ server: HTTPServer) async throws -> Void
) async throws {
    var configuration = HTTPServerConfiguration(port: 0, eventLoopCount: 1)
    configuration.host = "127.0.0.1"
    configuration.timeouts.idle = idleTimeout
    configuration.timeouts.header = .seconds(5)
    configuration.timeouts.body = .seconds(5)
    configuration.gracePeriod = .seconds(3)
    configuration.limits.maxBodyBytes = 4 << 20
    let server = HTTPServer(
        configuration: configuration,
        responder: responder,
        logger: Logger(label: "upstream-test-server", level: .critical)
    )
    try await onClientLoop {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            do {
                let port = try await server.port
                try await body(port, server)
            } catch {
                server.shutdownGracefully()
                group.cancelAll()
                throw error
            }
            server.shutdownGracefully()
            group.addTask {
                try await Task.sleep(for: .seconds(10))
                throw RawTestServerError("server shutdown timed out")
            }
            try await group.next()
            group.cancelAll()
        }
    }
}

/// Runs `body` on a loop of the shared group (its task executor), as gateway handlers run, so that
/// every request of the body uses that loop's pool.
func onClientLoop<T>(_ body: () async throws -> T) async throws -> T {
    let loop = EventLoopGroup.singleton.next()
    return try await withTaskExecutorPreference(loop) {
        // With NonisolatedNonsendingByDefault the closure starts on the caller's thread; a `@concurrent`
        // call moves the task to its preferred executor, the loop.
        await hopToPreferredExecutor()
        guard loop.inEventLoop else { throw RawTestServerError("not on the client loop") }
        return try await body()
    }
}

@concurrent private func hopToPreferredExecutor() async {}
