import HTTPCore
import HTTPServer
import LogKit
import NetCore
import TestSupport
import Testing

@Suite struct HTTPServerTests {
    @Test func keepAliveServesSequentialRequestsOnOneConnection() async throws {
        try await withTestServer { port, _ in
            let client = try await HTTPTestClient.connect(port: port)
            for _ in 0..<5 {
                try await client.send(HTTPTestClient.request("GET", "/hello"))
                let response = try await client.readResponse()
                #expect(response.status == 200)
                #expect(response.bodyText == "Hello, World!")
                #expect(response.header("Content-Length") == "13")
                #expect(response.header("Connection") == nil)
                #expect(Self.isIMFDate(response.header("Date")))
            }
            await client.close()
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        try await withTestServer { port, _ in
            let client = try await HTTPTestClient.connect(port: port)
            // The first is slow, so an out-of-order server would answer the others first.
            let batch =
                HTTPTestClient.request("POST", "/slow?ms=100", body: Array("one".utf8))
                + HTTPTestClient.request("POST", "/echo", body: Array("two".utf8))
                + HTTPTestClient.request("POST", "/echo", body: Array("three".utf8))
            try await client.send(batch)
            let first = try await client.readResponse()
            let second = try await client.readResponse()
            let third = try await client.readResponse()
            #expect([first.bodyText, second.bodyText, third.bodyText] == ["slow", "two", "three"])
            await client.close()
        }
    }

    @Test func chunkedUploadIsReassembled() async throws {
        try await withTestServer { port, _ in
            let client = try await HTTPTestClient.connect(port: port)
            try await client.send(
                "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n1;ext=1\r\n \r\n6\r\nworld!\r\n0\r\nX-Trailer: t\r\n\r\n"
            )
            let response = try await client.readResponse()
            #expect(response.status == 200)
            #expect(response.bodyText == "hello world!")
            await client.close()
        }
    }

    @Test func expectContinueIsAnsweredBeforeTheBody() async throws {
        try await withTestServer { port, _ in
            let client = try await HTTPTestClient.connect(port: port)
            try await client.send("POST /echo HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
            let interim = try await client.readResponse()
            #expect(interim.status == 100)
            try await client.send("ping")
            let final = try await client.readResponse()
            #expect(final.status == 200)
            #expect(final.bodyText == "ping")
            await client.close()
        }
    }

    @Test func expectContinueOverTheRouteLimitGets413WithoutContinue() async throws {
        try await withTestServer { port, _ in
            let client = try await HTTPTestClient.connect(port: port)
            try await client.send(
                "POST /small HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 17\r\n\r\n"
            )
            let response = try await client.readResponse()
            #expect(response.status == 413)
            #expect(response.closesConnection)
            #expect(await client.isClosedWithoutFurtherBytes())
        }
    }

    @Test func headGetsTheHeadersOfGetWithoutABody() async throws {
        try await withTestServer { port, _ in
            let client = try await HTTPTestClient.connect(port: port)
            try await client.send(HTTPTestClient.request("HEAD", "/hello"))
            let head = try await client.readResponse(isResponseToHEAD: true)
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == "13")
            #expect(head.header("Content-Type") == "text/plain")
            // The next response starts right after the head: no body bytes were sent.
            try await client.send(HTTPTestClient.request("GET", "/hello"))
            let get = try await client.readResponse()
            #expect(get.bodyText == "Hello, World!")
            try await client.send(HTTPTestClient.request("HEAD", "/stream"))
            let streamHead = try await client.readResponse(isResponseToHEAD: true)
            #expect(streamHead.header("Transfer-Encoding") == "chunked")
            try await client.send(HTTPTestClient.request("GET", "/empty"))
            let empty = try await client.readResponse()
            #expect(empty.status == 204)
            #expect(empty.header("Content-Length") == nil)
            await client.close()
        }
    }

    @Test func http10ClosesUnlessKeepAliveIsAsked() async throws {
        try await withTestServer { port, _ in
            let plain = try await HTTPTestClient.connect(port: port)
            try await plain.send("GET /hello HTTP/1.0\r\n\r\n")
            let response = try await plain.readResponse()
            #expect(response.status == 200)
            #expect(response.version == "HTTP/1.1")
            #expect(response.closesConnection)
            #expect(await plain.isClosedWithoutFurtherBytes())

            let keepAlive = try await HTTPTestClient.connect(port: port)
            for _ in 0..<2 {
                try await keepAlive.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                let kept = try await keepAlive.readResponse()
                #expect(kept.status == 200)
                #expect(kept.header("Connection")?.lowercased() == "keep-alive")
            }
            await keepAlive.close()

            let stream = try await HTTPTestClient.connect(port: port)
            try await stream.send("GET /stream?chunks=2&size=3 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let streamed = try await stream.readResponse()
            #expect(streamed.header("Transfer-Encoding") == nil)
            #expect(streamed.bodyText == "aaabbb")
        }
    }

    @Test func clientConnectionCloseIsHonoured() async throws {
        try await withTestServer { port, _ in
            let client = try await HTTPTestClient.connect(port: port)
            try await client.send(HTTPTestClient.request("GET", "/hello", headers: [("Connection", "close")]))
            let response = try await client.readResponse()
            #expect(response.status == 200)
            #expect(response.closesConnection)
            #expect(await client.isClosedWithoutFurtherBytes())
        }
    }

    @Test func streamedBodiesAreChunked() async throws {
        try await withTestServer { port, _ in
            let client = try await HTTPTestClient.connect(port: port)
            try await client.send(HTTPTestClient.request("GET", "/stream?chunks=5&size=1000"))
            let response = try await client.readResponse()
            #expect(response.status == 200)
            #expect(response.wasChunked)
            #expect(response.header("Content-Length") == nil)
            let expected = (0..<5).flatMap { [UInt8](repeating: UInt8(ascii: "a") + UInt8($0), count: 1000) }
            #expect(response.body == expected)
            // The connection stays usable after the last chunk.
            try await client.send(HTTPTestClient.request("GET", "/hello"))
            #expect(try await client.readResponse().status == 200)
            await client.close()
        }
    }

    @Test func largeStreamedBodyArrivesWhole() async throws {
        try await withTestServer { port, _ in
            let client = try await HTTPTestClient.connect(port: port)
            try await client.send(HTTPTestClient.request("GET", "/stream?chunks=200&size=65536"))
            let response = try await client.readResponse(timeout: .seconds(10))
            #expect(response.body.count == 200 * 65536)
            await client.close()
        }
    }

    @Test func perRouteBodyLimitApplies() async throws {
        try await withTestServer { port, _ in
            let client = try await HTTPTestClient.connect(port: port)
            try await client.send(HTTPTestClient.request("POST", "/small", body: Array("sixteen bytes!!!".utf8)))
            let within = try await client.readResponse()
            #expect(within.status == 200)
            #expect(within.bodyText == "sixteen bytes!!!")
            // A larger body is fine on a route with the default limit.
            let large = [UInt8](repeating: UInt8(ascii: "L"), count: 100_000)
            try await client.send(HTTPTestClient.request("POST", "/echo", body: large))
            #expect(try await client.readResponse().body == large)
            try await client.send(HTTPTestClient.request("POST", "/small", body: Array("seventeen bytes!!".utf8)))
            let over = try await client.readResponse()
            #expect(over.status == 413)
            #expect(await client.isClosedWithoutFurtherBytes())
        }
    }

    @Test func serverManagedFieldsReplaceTheResponders() async throws {
        try await withTestServer { port, _ in
            let client = try await HTTPTestClient.connect(port: port)
            try await client.send(HTTPTestClient.request("GET", "/head-length"))
            let response = try await client.readResponse()
            #expect(response.headers.values(for: "Content-Length") == ["3"])
            #expect(response.header("Connection") == nil)
            #expect(response.bodyText == "abc")
            await client.close()
        }
    }

    @Test func idleKeepAliveConnectionsAreClosedSilently() async throws {
        var configuration = HTTPServerConfiguration.testDefault
        configuration.timeouts.idle = .milliseconds(300)
        try await withTestServer(configuration) { port, _ in
            let client = try await HTTPTestClient.connect(port: port)
            // The idle clock starts after the response, so it cannot have run out before this instant + 300 ms.
            let start = Deadline.now()
            try await client.send(HTTPTestClient.request("GET", "/hello"))
            #expect(try await client.readResponse().status == 200)
            #expect(await client.isClosedWithoutFurtherBytes(within: .seconds(3)))
            #expect(Deadline.now() - start >= .milliseconds(300))
        }
    }

    @Test func connectionInfoDescribesThePeer() async throws {
        try await withTestServer { port, _ in
            let client = try await HTTPTestClient.connect(port: port)
            try await client.send(HTTPTestClient.request("GET", "/info"))
            #expect(try await client.readResponse().bodyText == "127.0.0.1 \(port)")
            await client.close()
        }
    }

    @Test(arguments: [HTTPServerConfiguration.ListenStrategy.singleAcceptor, .reusePortPerLoop])
    func bothListenStrategiesServeConnections(_ strategy: HTTPServerConfiguration.ListenStrategy) async throws {
        var configuration = HTTPServerConfiguration.testDefault
        configuration.eventLoopCount = 2
        configuration.listenStrategy = strategy
        try await withTestServer(configuration) { port, server in
            var clients: [HTTPTestClient] = []
            for _ in 0..<4 {
                let client = try await HTTPTestClient.connect(port: port)
                try await client.send(HTTPTestClient.request("GET", "/hello"))
                #expect(try await client.readResponse().status == 200)
                clients.append(client)
            }
            #expect(await server.statistics().connectionCount == 4)
            for client in clients { await client.close() }
        }
    }

    @Test func gracefulShutdownFinishesInFlightRequestsAndClosesIdleOnes() async throws {
        try await onClientLoop {
            let server = HTTPServer(
                configuration: .testDefault,
                responder: TestResponder(),
                logger: .init(label: "test", level: .critical)
            )
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await server.run() }
                let port = try await server.port
                let idle = try await HTTPTestClient.connect(port: port)
                try await idle.send(HTTPTestClient.request("GET", "/hello"))
                #expect(try await idle.readResponse().status == 200)
                let busy = try await HTTPTestClient.connect(port: port)
                try await busy.send(HTTPTestClient.request("GET", "/slow?ms=300"))
                // Wait until the slow request is being handled, then shut down.
                try await Task.sleep(for: .milliseconds(50))
                server.shutdownGracefully()
                #expect(await idle.isClosedWithoutFurtherBytes(within: .seconds(2)))
                let response = try await busy.readResponse()
                #expect(response.status == 200)
                #expect(response.bodyText == "slow")
                #expect(response.closesConnection)
                #expect(await busy.isClosedWithoutFurtherBytes())
                await #expect(throws: IOError.self) { _ = try await HTTPTestClient.connect(port: port) }
                try await group.next()
            }
            await #expect(throws: HTTPServerError.self) { _ = try await server.port }
        }
    }

    @Test func runFailsWhenThePortIsTaken() async throws {
        try await withTestServer { port, _ in
            let configuration = HTTPServerConfiguration(port: port, eventLoopCount: 1)
            let second = HTTPServer(
                configuration: configuration,
                responder: TestResponder(),
                logger: .init(label: "t", level: .critical)
            )
            await #expect(throws: HTTPServerError.self) { try await second.run() }
        }
    }

    /// `Sun, 06 Nov 1994 08:49:37 GMT`.
    private static func isIMFDate(_ value: String?) -> Bool {
        guard let value, value.utf8.count == 29, value.hasSuffix(" GMT") else { return false }
        return ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].contains(String(value.prefix(3)))
    }
}
