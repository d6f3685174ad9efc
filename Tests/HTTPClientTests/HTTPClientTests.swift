import Foundation
import HTTPClient
import HTTPCore
import Testing

/// Round trips against a real HTTP/1.1 peer on loopback: methods, headers, bodies, statuses.
@Suite(.timeLimit(.minutes(1)))
struct HTTPClientTests {
    @Test(arguments: [HTTPMethod.get, .post, .put, .delete, .patch])
    func methodHeadersAndBodyRoundTrip(method: HTTPMethod) async throws {
        try await PythonHTTPPeer.with { peer in
            try await withHTTPClient { client in
                let body = method == .get ? nil : Array("{\"amount\":4999,\"method\":\"\(method)\"}".utf8)
                var headers: HTTPFields = ["X-Request-Id": "req-1", "Content-Type": "application/json"]
                headers.add("X-Multi", "one")
                headers.add("X-Multi", "two")
                let response = try await client.execute(
                    HTTPClientRequest(method: method, url: peer.url("/echo?x=1&y=%20"), headers: headers, body: body),
                    timeout: .seconds(10)
                )
                #expect(response.status == .ok)
                #expect(response.headers["Content-Type"] == "application/json")
                let echo = try EchoReply(response)
                #expect(echo.method == method.rawValue)
                #expect(echo.target == "/echo?x=1&y=%20")
                #expect(echo.values("X-Request-Id") == ["req-1"])
                #expect(echo.values("X-Multi") == ["one", "two"])
                #expect(echo.values("Host") == ["127.0.0.1:\(peer.port)"])
                #expect(echo.values("User-Agent") == ["paylinks-http-client"])
                #expect(echo.values("Expect").isEmpty)
                #expect(echo.bodyBytes == (body ?? []))
                if let body {
                    #expect(echo.values("Content-Length") == ["\(body.count)"])
                }
            }
        }
    }

    @Test func postWithoutContentTypeSendsNoneAndNoExpect() async throws {
        try await PythonHTTPPeer.with { peer in
            try await withHTTPClient { client in
                // Large enough that curl would otherwise add `Expect: 100-continue` (> 1 MiB on curl 7.88).
                let body = [UInt8](repeating: 0x61, count: 2 * 1024 * 1024)
                let response = try await client.execute(
                    HTTPClientRequest(method: .post, url: peer.url("/echo"), body: body),
                    timeout: .seconds(10)
                )
                let echo = try EchoReply(response)
                #expect(echo.values("Expect").isEmpty)
                #expect(echo.values("Content-Type").isEmpty)
                #expect(echo.bodyBytes.count == body.count)
            }
        }
    }

    @Test func postWithoutBodySendsContentLengthZero() async throws {
        try await PythonHTTPPeer.with { peer in
            try await withHTTPClient { client in
                let response = try await client.execute(
                    HTTPClientRequest(method: .post, url: peer.url("/echo")),
                    timeout: .seconds(10)
                )
                let echo = try EchoReply(response)
                #expect(echo.method == "POST")
                #expect(echo.values("Content-Length") == ["0"])
            }
        }
    }

    @Test func headReturnsHeadersWithoutBody() async throws {
        try await PythonHTTPPeer.with { peer in
            try await withHTTPClient { client in
                let response = try await client.execute(
                    HTTPClientRequest(method: .head, url: peer.url("/large/100")),
                    timeout: .seconds(10)
                )
                #expect(response.status == .ok)
                #expect(response.headers["Content-Length"] == "100")
                #expect(response.body.isEmpty)
            }
        }
    }

    @Test(arguments: [404, 500, 503, 201, 204])
    func statusCodesArePassedThrough(code: Int) async throws {
        try await PythonHTTPPeer.with { peer in
            try await withHTTPClient { client in
                let response = try await client.get(peer.url("/status/\(code)"))
                #expect(response.status.code == code)
                #expect(response.body == (code == 204 ? [] : Array("status \(code)".utf8)))
            }
        }
    }

    @Test func reasonPhraseComesFromTheStatusLine() async throws {
        try await PythonHTTPPeer.with { peer in
            try await withHTTPClient { client in
                let response = try await client.get(peer.url("/status/404"))
                #expect(response.status.reasonPhrase == "Not Found")
            }
        }
    }

    @Test func binaryBodiesAreByteExact() async throws {
        try await PythonHTTPPeer.with { peer in
            try await withHTTPClient { client in
                let allBytes = (0...255).map { UInt8($0) }
                let download = try await client.get(peer.url("/bytes"))
                #expect(download.body == allBytes)

                let upload = Array(allBytes.reversed()) + allBytes
                let echoed = try await client.execute(
                    HTTPClientRequest(
                        method: .put,
                        url: peer.url("/echo-bytes"),
                        headers: ["Content-Type": "application/octet-stream"],
                        body: upload
                    ),
                    timeout: .seconds(10)
                )
                #expect(echoed.body == upload)
            }
        }
    }

    @Test func duplicateResponseHeadersKeepTheirOrder() async throws {
        try await PythonHTTPPeer.with { peer in
            try await withHTTPClient { client in
                let response = try await client.get(peer.url("/cookies"))
                #expect(response.headers.values(for: "Set-Cookie") == ["a=1", "b=2"])
                let names = response.headers.map(\.name).filter { $0 == "Set-Cookie" || $0 == "X-Between" }
                #expect(names == ["Set-Cookie", "X-Between", "Set-Cookie"])
            }
        }
    }

    @Test func interimResponsesAreSkipped() async throws {
        try await PythonHTTPPeer.with { peer in
            try await withHTTPClient { client in
                let response = try await client.get(peer.url("/interim"))
                #expect(response.status == .ok)
                #expect(response.headers["X-Final"] == "yes")
                #expect(!response.headers.contains("X-Interim"))
                #expect(response.body == Array("final".utf8))
            }
        }
    }

    @Test func redirectsAreNotFollowedByDefault() async throws {
        try await PythonHTTPPeer.with { peer in
            try await withHTTPClient { client in
                let response = try await client.get(peer.url("/redirect"))
                #expect(response.status == .found)
                #expect(response.headers["Location"] == "/echo")
                #expect(response.body == Array("moved".utf8))
            }
        }
    }

    @Test func redirectsAreFollowedWhenConfigured() async throws {
        try await PythonHTTPPeer.with { peer in
            try await withHTTPClient {
                $0.redirectPolicy = .follow(maximumRedirects: 2)
            } _: { client in
                let response = try await client.get(peer.url("/redirect"))
                #expect(response.status == .ok)
                #expect(try EchoReply(response).target == "/echo")
                #expect(response.headers["Location"] == nil)
            }
        }
    }
}

extension HTTPClientTests {
    @Test func configuredProxyIsUsed() async throws {
        try await PythonHTTPPeer.with { peer in
            try await withHTTPClient {
                $0.proxy = peer.baseURL
            } _: { client in
                let response = try await client.get("http://payments.example.invalid/echo?via=proxy")
                let echo = try EchoReply(response)
                #expect(echo.target == "http://payments.example.invalid/echo?via=proxy")
                #expect(echo.values("Host") == ["payments.example.invalid"])
            }
        }
    }
}
