import HTTPCore
import HTTPServer
import LifecycleKit
import LogKit
import NetCore
import TestSupport
import Testing

@Suite struct HTTPServerLifecycleTests {
    private let logger = Logger(label: "lifecycle-test", level: .critical)

    @Test func serviceGroupShutdownDrainsTheServer() async throws {
        try await onClientLoop {
            let server = HTTPServer(configuration: .testDefault, responder: TestResponder(), logger: logger)
            let group = ServiceGroup(services: [server], logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                let port = try await server.port
                let client = try await HTTPTestClient.connect(port: port)
                try await client.send(HTTPTestClient.request("GET", "/slow?ms=200"))
                try await Task.sleep(for: .milliseconds(50))
                group.triggerGracefulShutdown()
                let response = try await client.readResponse()
                #expect(response.status == 200)
                #expect(response.closesConnection)
                try await tasks.next()
            }
        }
    }

    @Test func theGracePeriodBoundsTheDrain() async throws {
        try await onClientLoop {
            var configuration = HTTPServerConfiguration.testDefault
            configuration.gracePeriod = .milliseconds(300)
            let server = HTTPServer(configuration: configuration, responder: TestResponder(), logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await server.run() }
                let port = try await server.port
                let client = try await HTTPTestClient.connect(port: port)
                try await client.send(HTTPTestClient.request("GET", "/slow?ms=60000"))
                try await Task.sleep(for: .milliseconds(50))
                let start = Deadline.now()
                server.shutdownGracefully()
                try await tasks.next()
                #expect(Deadline.now() - start < .seconds(3))
                #expect(await client.isClosedWithoutFurtherBytes(within: .seconds(1)))
            }
        }
    }

    @Test func cancellingRunClosesEverything() async throws {
        try await onClientLoop {
            let server = HTTPServer(configuration: .testDefault, responder: TestResponder(), logger: logger)
            let run = Task { try await server.run() }
            let port = try await server.port
            let client = try await HTTPTestClient.connect(port: port)
            try await client.send(HTTPTestClient.request("GET", "/slow?ms=60000"))
            try await Task.sleep(for: .milliseconds(50))
            let start = Deadline.now()
            run.cancel()
            try await run.value
            #expect(Deadline.now() - start < .seconds(5))
            // Cancelled handlers may still have answered; either way the connection is closed, not left open.
            _ = try await client.readUntilClosed(timeout: .seconds(2))
        }
    }

    @Test func shutdownBeforeRunReturnsAtOnce() async throws {
        let server = HTTPServer(configuration: .testDefault, responder: TestResponder(), logger: logger)
        server.shutdownGracefully()
        try await server.run()
        await #expect(throws: HTTPServerError.self) { try await server.run() }
    }

    @Test func aServerOnASharedGroupLeavesTheGroupRunning() async throws {
        try await onClientLoop {
            let loops = try EventLoopGroup(loopCount: 1, name: "shared-test")
            let server = HTTPServer(
                configuration: .testDefault,
                responder: TestResponder(),
                logger: logger,
                eventLoopGroup: loops
            )
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await server.run() }
                let port = try await server.port
                let client = try await HTTPTestClient.connect(port: port)
                try await client.send(HTTPTestClient.request("GET", "/hello"))
                #expect(try await client.readResponse().status == 200)
                server.shutdownGracefully()
                try await tasks.next()
            }
            #expect(try await loops.next().submit { 1 } == 1)
            await loops.shutdownGracefully()
        }
    }
}
