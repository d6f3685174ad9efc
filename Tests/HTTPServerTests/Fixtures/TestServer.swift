import HTTPCore
import HTTPServer
import LogKit

/// Runs an in-process ``HTTPServer`` on 127.0.0.1:0 for the duration of `body`, then shuts it down
/// gracefully and waits for ``HTTPServer/run()`` to return (bounded by a timeout, so a hung drain fails
/// the test instead of hanging it).
func withTestServer(
    _ configuration: HTTPServerConfiguration = .testDefault,
    responder: any HTTPResponder = TestResponder(),
    _ body: (_ port: Int, _ server: HTTPServer) async throws -> Void
) async throws {
    let logger = Logger(label: "http-server-test", level: .critical)
    let server = HTTPServer(configuration: configuration, responder: responder, logger: logger)
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
    /// One loop, short timeouts: what most server tests need.
    static var testDefault: HTTPServerConfiguration {
        var configuration = HTTPServerConfiguration(port: 0, eventLoopCount: 1)
        configuration.timeouts.header = .milliseconds(500)
        configuration.timeouts.body = .milliseconds(500)
        configuration.timeouts.idle = .seconds(5)
        configuration.timeouts.write = .seconds(2)
        configuration.timeouts.lingeringClose = .seconds(1)
        configuration.gracePeriod = .seconds(5)
        return configuration
    }
}
