import HTTPCore
import HTTPServer
import LogKit
import NetCore

/// Runs an in-process ``HTTPServer`` on 127.0.0.1:0 for the duration of `body`, then shuts it down
/// gracefully and waits for ``HTTPServer/run()`` to return (bounded by a timeout, so a hung drain fails
/// the test instead of hanging it).
///
/// `body` runs with an event loop of the shared group as its task executor, not on the cooperative pool:
/// the whole test process shares a two-thread cooperative pool with every other suite, and a client
/// stalled there for half a second would trip the server's (deliberately short) timeouts.
func withTestServer(
    _ configuration: HTTPServerConfiguration = .testDefault,
    responder: any HTTPResponder = TestResponder(),
    _ body: (_ port: Int, _ server: HTTPServer) async throws -> Void
) async throws {
    let logger = Logger(label: "http-server-test", level: .critical)
    let server = HTTPServer(configuration: configuration, responder: responder, logger: logger)
    try await onClientLoop {
        try await runServer(server, body)
    }
}

/// Runs `body` with a loop of the shared event loop group as its task executor (see ``withTestServer``).
func onClientLoop<T>(_ body: () async throws -> T) async throws -> T {
    try await withTaskExecutorPreference(EventLoopGroup.singleton.next()) { try await body() }
}

private func runServer(
    _ server: HTTPServer,
    _ body: (_ port: Int, _ server: HTTPServer) async throws -> Void
)
    async throws
{
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
            throw TestServerError.shutdownTimedOut
        }
        try await group.next()
        group.cancelAll()
    }
}

enum TestServerError: Error {
    case shutdownTimedOut
}

extension HTTPServerConfiguration {
    /// One loop and shortened timeouts (still long enough for a busy CI machine).
    static var testDefault: HTTPServerConfiguration {
        var configuration = HTTPServerConfiguration(port: 0, eventLoopCount: 1)
        configuration.timeouts.header = .seconds(5)
        configuration.timeouts.body = .seconds(5)
        configuration.timeouts.idle = .seconds(5)
        configuration.timeouts.write = .seconds(2)
        configuration.timeouts.lingeringClose = .seconds(1)
        configuration.gracePeriod = .seconds(5)
        return configuration
    }
}

extension HTTPServerConfiguration {
    /// ``testDefault`` with the header and body timeouts at 500 ms, for slow-client cases.
    static var shortTimeouts: HTTPServerConfiguration {
        var configuration = HTTPServerConfiguration.testDefault
        configuration.timeouts.header = .milliseconds(500)
        configuration.timeouts.body = .milliseconds(500)
        return configuration
    }
}
