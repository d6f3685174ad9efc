import HTTPCore
import HTTPUpstream
import Testing

/// The client against a scripted raw server: exact request bytes, hostile responses, stale connections.
@Suite(.timeLimit(.minutes(1)))
struct HTTPUpstreamClientRawTests {
    typealias Support = HTTPUpstreamClientTests

    /// Runs `body` against a raw server answering with `reply`, on a client loop, then stops the server.
    func withRawServer(
        _ script: RawScript,
        _ body: (RawTestServer, HTTPUpstreamAddress) async throws -> Void
    ) async throws {
        let server = try RawTestServer(reply: script.reply)
        defer { server.stop() }
        try await onClientLoop { try await body(server, try Support.address(server.port)) }
    }

    static let ok = RawReply.send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")

    @Test func requestBytesAreExactAndHopByHopFieldsAreDropped() async throws {
        try await withRawServer(.always(Self.ok)) { server, address in
            let client = Support.makeClient()
            var headers: HTTPFields = ["Connection": "keep-alive, X-Secret", "X-Secret": "s", "X-A": "1"]
            for name in ["Keep-Alive", "Transfer-Encoding", "TE", "Upgrade", "Proxy-Connection", "Content-Length"] {
                headers.add(name, "x")
            }
            headers.add("x-a", "2")
            _ = try await client.execute(
                HTTPUpstreamRequest(method: .patch, target: "/v1/a?b=c", headers: headers, body: [0, 13, 10, 255]),
                to: address,
                deadline: Support.deadline
            )
            _ = try await client.execute(
                HTTPUpstreamRequest(method: .get, target: "/", headers: ["Host": "payments"]),
                to: address,
                deadline: Support.deadline
            )
            let requests = server.requests
            try #require(requests.count == 2)
            #expect(
                requests[0].head
                    == "PATCH /v1/a?b=c HTTP/1.1\r\nX-A: 1\r\nx-a: 2\r\nHost: 127.0.0.1:\(server.port)\r\n"
                    + "Content-Length: 4\r\n\r\n"
            )
            #expect(requests[0].body == [0, 13, 10, 255])
            #expect(requests[1].head == "GET / HTTP/1.1\r\nHost: payments\r\n\r\n")
            #expect(server.acceptedCount == 1)
            await client.shutdown()
        }
    }

    @Test(arguments: [
        HTTPUpstreamRequest(method: .get, target: "/", headers: ["X-A": "a\r\nX-Injected: 1"]),
        HTTPUpstreamRequest(method: .get, target: "/", headers: ["X-A": "a\nb"]),
        HTTPUpstreamRequest(method: .get, target: "/", headers: ["X-A": "a\u{0}b"]),
        HTTPUpstreamRequest(method: .get, target: "/", headers: ["X-A\r\nB": "1"]),
        HTTPUpstreamRequest(method: .get, target: "/", headers: ["": "1"]),
        HTTPUpstreamRequest(method: .get, target: "http://evil/"),
        HTTPUpstreamRequest(method: .get, target: "/a b"),
        HTTPUpstreamRequest(method: .get, target: "/a\r\nb"),
        HTTPUpstreamRequest(method: .get, target: ""),
        HTTPUpstreamRequest(method: HTTPMethod(rawValue: "GE T"), target: "/"),
    ])
    func unsafeRequestsAreRefusedBeforeSending(_ request: HTTPUpstreamRequest) async throws {
        try await withRawServer(.always(Self.ok)) { server, address in
            let client = Support.makeClient()
            let error = await #expect(throws: HTTPUpstreamError.self) {
                try await client.execute(request, to: address, deadline: Support.deadline)
            }
            #expect(error?.code == .invalidRequest)
            #expect(server.acceptedCount == 0)
            await client.shutdown()
        }
    }

    @Test(arguments: [
        ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "protocolError"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", "protocolError"),
        ("HTTP/1.1 2x0 OK\r\n\r\n", "protocolError"),
        ("HTTP/1.1 200 OK\r\nX: a\r\n folded\r\n\r\n", "protocolError"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n", "protocolError"),
        ("SSH-2.0-OpenSSH\r\n", "protocolError"),
        ("HTTP/1.1 200 OK\r\nX-Big: " + String(repeating: "a", count: 20000) + "\r\n\r\n", "responseTooLarge"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n", "responseTooLarge"),
        ("HTTP/1.1 200 OK\r\n\r\n" + String(repeating: "z", count: 5000), "responseTooLarge"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", "connectionClosed"),
    ])
    func hostileResponsesMapToErrorCodes(_ response: String, _ expected: String) async throws {
        try await withRawServer(.always(.send(response, closeAfter: true))) { _, address in
            let client = Support.makeClient { $0.maxResponseBodyBytes = 4096 }
            let error = await #expect(throws: HTTPUpstreamError.self) {
                try await client.execute(
                    HTTPUpstreamRequest(method: .get, target: "/"),
                    to: address,
                    deadline: Support.deadline
                )
            }
            #expect(error?.code.description == expected)
            #expect(await client.statistics().idleConnections == 0)
            await client.shutdown()
        }
    }

    @Test func chunkedResponseInPiecesIsDecoded() async throws {
        let pieces = [
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\n\r\n5;ext=1\r\nhel", "lo\r\n6\r\n wor",
            "ld\r\n0\r\nX-Trailer: t\r\n\r\n",
        ]
        let reply = RawReply(pieces: pieces.map { Array($0.utf8) }, pause: .milliseconds(20))
        try await withRawServer(.always(reply)) { server, address in
            let client = Support.makeClient()
            for _ in 0..<2 {
                let response = try await client.execute(
                    HTTPUpstreamRequest(method: .get, target: "/"),
                    to: address,
                    deadline: Support.deadline
                )
                #expect(String(decoding: response.body, as: UTF8.self) == "hello world")
                #expect(response.headers == ["X-A": "1"])
            }
            #expect(server.acceptedCount == 1)
            await client.shutdown()
        }
    }

    @Test func headAnd304AndContinueResponsesHaveNoBodyAndKeepTheConnection() async throws {
        try await withRawServer(
            RawScript { request, _ in
                if request.requestLine.hasPrefix("HEAD") {
                    return .send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n")
                }
                if request.requestLine.contains("/cached") {
                    return .send("HTTP/1.1 304 Not Modified\r\nContent-Length: 100\r\nETag: \"e\"\r\n\r\n")
                }
                return .send("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbody")
            }
        ) { server, address in
            let client = Support.makeClient()
            let head = try await client.execute(
                HTTPUpstreamRequest(method: .head, target: "/"),
                to: address,
                deadline: Support.deadline
            )
            #expect(head.status == .ok && head.body.isEmpty)
            let cached = try await client.execute(
                HTTPUpstreamRequest(method: .get, target: "/cached"),
                to: address,
                deadline: Support.deadline
            )
            #expect(cached.status == .notModified && cached.body.isEmpty)
            #expect(cached.headers == ["ETag": "\"e\""])
            let continued = try await client.execute(
                HTTPUpstreamRequest(method: .post, target: "/", body: Array("data".utf8)),
                to: address,
                deadline: Support.deadline
            )
            #expect(continued.status == .ok && continued.body == Array("body".utf8))
            #expect(server.acceptedCount == 1)
            await client.shutdown()
        }
    }

    @Test func closeDelimitedResponseIsReadAndTheConnectionNotReused() async throws {
        try await withRawServer(.always(.send("HTTP/1.0 200 OK\r\nX-A: 1\r\n\r\nuntil close", closeAfter: true))) {
            server,
            address in
            let client = Support.makeClient()
            for _ in 0..<2 {
                let response = try await client.execute(
                    HTTPUpstreamRequest(method: .get, target: "/"),
                    to: address,
                    deadline: Support.deadline
                )
                #expect(response.body == Array("until close".utf8))
            }
            #expect(server.acceptedCount == 2)
            #expect(await client.statistics().idleConnections == 0)
            await client.shutdown()
        }
    }

    /// The server answers the first request on each connection and closes on the second without answering,
    /// as a server does when its idle timeout races the client's next request.
    static func closesOnSecondRequest(_ request: RawRequest, _ index: Int) -> RawReply {
        index == 0 ? ok : .closeWithoutResponse
    }

    @Test func staleConnectionIsRetriedOnceForIdempotentRequests() async throws {
        try await withRawServer(RawScript(Self.closesOnSecondRequest)) { server, address in
            let client = Support.makeClient()
            for _ in 0..<2 {
                let response = try await client.execute(
                    HTTPUpstreamRequest(method: .get, target: "/"),
                    to: address,
                    deadline: Support.deadline
                )
                #expect(response.body == Array("ok".utf8))
            }
            #expect(server.requests.count == 3)
            #expect(server.acceptedCount == 2)
            #expect(await client.statistics().retries == 1)
            await client.shutdown()
        }
    }

    @Test func postOnAStaleConnectionIsNotSentTwice() async throws {
        try await withRawServer(RawScript(Self.closesOnSecondRequest)) { server, address in
            let client = Support.makeClient()
            let request = HTTPUpstreamRequest(method: .post, target: "/pay", body: Array("{\"amount\":1}".utf8))
            _ = try await client.execute(request, to: address, deadline: Support.deadline)
            let error = await #expect(throws: HTTPUpstreamError.self) {
                try await client.execute(request, to: address, deadline: Support.deadline)
            }
            #expect(error?.code == .connectionClosed)
            #expect(server.requests.count == 2)
            #expect(server.acceptedCount == 1)
            #expect(await client.statistics().retries == 0)
            await client.shutdown()
        }
    }
}
