import HTTPCore
import HTTPServer
import HTTPUpstream
import LogKit
import NetCore
import Testing

/// The client against the real ``HTTPServer`` on 127.0.0.1.
@Suite(.timeLimit(.minutes(1)))
struct HTTPUpstreamClientTests {
    static func makeClient(_ configure: (inout HTTPUpstreamConfiguration) -> Void = { _ in }) -> HTTPUpstreamClient {
        var configuration = HTTPUpstreamConfiguration()
        configure(&configuration)
        return HTTPUpstreamClient(
            configuration: configuration,
            logger: Logger(label: "upstream-test", level: .critical)
        )
    }

    static func address(_ port: Int) throws -> HTTPUpstreamAddress {
        try #require(HTTPUpstreamAddress(url: "http://127.0.0.1:\(port)"))
    }

    static var deadline: ContinuousClock.Instant { .now + .seconds(5) }

    @Test func getPassesHeadersThroughAndStripsFraming() async throws {
        try await withUpstreamServer { port, _ in
            let client = Self.makeClient()
            var headers: HTTPFields = ["X-Dup": "1"]
            headers.add("X-Dup", "2")
            headers.add("Transfer-Encoding", "chunked")
            headers.add("Content-Length", "99")
            let response = try await client.execute(
                HTTPUpstreamRequest(method: .get, target: "/echo?q=1&r=%20", headers: headers),
                to: try Self.address(port),
                deadline: Self.deadline
            )
            #expect(response.status == .ok)
            #expect(response.body.isEmpty)
            #expect(response.headers["X-Method"] == "GET")
            #expect(response.headers["X-Target"] == "/echo?q=1&r=%20")
            #expect(response.headers["X-Host"] == "127.0.0.1:\(port)")
            #expect(response.headers["X-Content-Length"] == "none")
            #expect(response.headers["X-Dup"] == "1|2")
            #expect(response.headers.values(for: "Set-Cookie") == ["a=1", "b=2"])
            #expect(!response.headers.contains("Content-Length"))
            #expect(!response.headers.contains("Connection"))
            await client.shutdown()
        }
    }

    @Test func postRoundTripsOneMebibyteOfEveryByteValue() async throws {
        try await withUpstreamServer { port, _ in
            let client = Self.makeClient()
            let body = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 8) }
            #expect(Set(body).count == 256)
            let response = try await client.execute(
                HTTPUpstreamRequest(method: .post, target: "/echo", body: body),
                to: try Self.address(port),
                deadline: Self.deadline
            )
            #expect(response.status == .ok)
            #expect(response.headers["X-Content-Length"] == "1048576")
            #expect(response.body == body)
            await client.shutdown()
        }
    }

    @Test func postWithEmptyBodySendsContentLengthZero() async throws {
        try await withUpstreamServer { port, _ in
            let client = Self.makeClient()
            let response = try await client.execute(
                HTTPUpstreamRequest(method: .post, target: "/echo"),
                to: try Self.address(port),
                deadline: Self.deadline
            )
            #expect(response.headers["X-Content-Length"] == "0")
            await client.shutdown()
        }
    }

    @Test func sequentialRequestsReuseOneConnection() async throws {
        try await withUpstreamServer { port, server in
            let client = Self.makeClient()
            let address = try Self.address(port)
            for index in 0..<50 {
                let response = try await client.execute(
                    HTTPUpstreamRequest(method: .put, target: "/echo", body: Array("n\(index)".utf8)),
                    to: address,
                    deadline: Self.deadline
                )
                #expect(response.body == Array("n\(index)".utf8))
            }
            let statistics = await client.statistics()
            #expect(statistics.connectionsOpened == 1)
            #expect(statistics.idleConnections == 1)
            #expect(await server.statistics().acceptedConnectionCount == 1)
            await client.shutdown()
        }
    }

    @Test func concurrentRequestsAllSucceedAndThePoolStaysBounded() async throws {
        try await withUpstreamServer { port, _ in
            let client = Self.makeClient { $0.maxIdleConnectionsPerLoop = 8 }
            let address = try Self.address(port)
            let results = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        let body = Array("request-\(index)".utf8)
                        let response = try await client.execute(
                            HTTPUpstreamRequest(method: .post, target: "/echo", body: body),
                            to: address,
                            deadline: .now + .seconds(20)
                        )
                        return response.status == .ok && response.body == body
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.count == 200)
            #expect(results.allSatisfy { $0 })
            let statistics = await client.statistics()
            #expect(statistics.idleConnections >= 1)
            #expect(statistics.idleConnections <= 8 * client.eventLoopGroup.loops.count)
            await client.shutdown()
        }
    }

    @Test func chunkedAndEmptyResponsesFromTheServer() async throws {
        try await withUpstreamServer { port, _ in
            let client = Self.makeClient()
            let address = try Self.address(port)
            let streamed = try await client.execute(
                HTTPUpstreamRequest(method: .get, target: "/stream"),
                to: address,
                deadline: Self.deadline
            )
            #expect(String(decoding: streamed.body, as: UTF8.self) == "part0;part1;part2;part3;part4;")
            #expect(!streamed.headers.contains("Transfer-Encoding"))
            let empty = try await client.execute(
                HTTPUpstreamRequest(method: .delete, target: "/empty"),
                to: address,
                deadline: Self.deadline
            )
            #expect(empty.status == .noContent)
            #expect(empty.body.isEmpty)
            #expect(await client.statistics().connectionsOpened == 1)
            await client.shutdown()
        }
    }

    @Test func slowHandlerTimesOutAtTheDeadlineAndTheConnectionIsNotReused() async throws {
        try await withUpstreamServer { port, _ in
            let client = Self.makeClient()
            let address = try Self.address(port)
            _ = try await client.execute(
                HTTPUpstreamRequest(method: .get, target: "/empty"),
                to: address,
                deadline: Self.deadline
            )
            let start = ContinuousClock.now
            let error = await #expect(throws: HTTPUpstreamError.self) {
                try await client.execute(
                    HTTPUpstreamRequest(method: .get, target: "/slow?ms=1500"),
                    to: address,
                    deadline: start + .milliseconds(300)
                )
            }
            let elapsed = ContinuousClock.now - start
            #expect(error?.code == .timedOut)
            #expect(elapsed >= .milliseconds(290) && elapsed < .milliseconds(800), "took \(elapsed)")
            let statistics = await client.statistics()
            #expect(statistics.idleConnections == 0)
            _ = try await client.execute(
                HTTPUpstreamRequest(method: .get, target: "/empty"),
                to: address,
                deadline: Self.deadline
            )
            #expect(await client.statistics().connectionsOpened == 2)
            await client.shutdown()
        }
    }

    @Test func serverClosingIdleConnectionsIsHandledAndPostIsSentOnce() async throws {
        let responder = UpstreamTestResponder()
        try await withUpstreamServer(idleTimeout: .milliseconds(200), responder: responder) { port, _ in
            let client = Self.makeClient()
            let address = try Self.address(port)
            let first = try await client.execute(
                HTTPUpstreamRequest(method: .post, target: "/count"),
                to: address,
                deadline: Self.deadline
            )
            #expect(first.body == Array("1".utf8))
            // The scenario itself: wait past the server's idle timeout so it closes the pooled connection.
            try await Task.sleep(for: .milliseconds(600))
            #expect(await client.statistics().idleConnections == 0)
            let second = try await client.execute(
                HTTPUpstreamRequest(method: .post, target: "/count"),
                to: address,
                deadline: Self.deadline
            )
            #expect(second.body == Array("2".utf8))
            #expect(responder.hits.count == 2)
            let statistics = await client.statistics()
            #expect(statistics.connectionsOpened == 2)
            #expect(statistics.retries == 0)
            await client.shutdown()
        }
    }

    @Test func refusedPortFailsFastWithConnectFailed() async throws {
        let port = try RawTestServer.unusedPort()
        try await onClientLoop {
            let client = Self.makeClient()
            let start = ContinuousClock.now
            let error = await #expect(throws: HTTPUpstreamError.self) {
                try await client.execute(
                    HTTPUpstreamRequest(method: .get, target: "/"),
                    to: try Self.address(port),
                    deadline: .now + .seconds(5)
                )
            }
            #expect(error?.code == .connectFailed)
            #expect(ContinuousClock.now - start < .milliseconds(500))
            await client.shutdown()
        }
    }

    @Test func cancellationClosesTheConnectionPromptly() async throws {
        try await withUpstreamServer { port, _ in
            let client = Self.makeClient()
            let address = try Self.address(port)
            let task = Task(executorPreference: EventLoopGroup.singleton.next()) {
                try await client.execute(
                    HTTPUpstreamRequest(method: .get, target: "/slow?ms=2000"),
                    to: address,
                    deadline: .now + .seconds(5)
                )
            }
            try await Task.sleep(for: .milliseconds(100))
            let start = ContinuousClock.now
            task.cancel()
            let result = await task.result
            #expect(ContinuousClock.now - start < .milliseconds(500))
            #expect(throws: HTTPUpstreamError.self) { try result.get() }
            if case .failure(let error as HTTPUpstreamError) = result { #expect(error.code == .cancelled) }
            #expect(await client.statistics().idleConnections == 0)
            await client.shutdown()
        }
    }

    @Test func shutdownClosesIdleConnectionsAndRefusesRequests() async throws {
        try await withUpstreamServer { port, server in
            let client = Self.makeClient()
            let address = try Self.address(port)
            _ = try await client.execute(
                HTTPUpstreamRequest(method: .get, target: "/empty"),
                to: address,
                deadline: Self.deadline
            )
            #expect(await client.statistics().idleConnections == 1)
            await client.shutdown()
            #expect(await client.statistics().idleConnections == 0)
            let error = await #expect(throws: HTTPUpstreamError.self) {
                try await client.execute(
                    HTTPUpstreamRequest(method: .get, target: "/empty"),
                    to: address,
                    deadline: Self.deadline
                )
            }
            #expect(error?.code == .shutDown)
            _ = server
        }
    }
}
