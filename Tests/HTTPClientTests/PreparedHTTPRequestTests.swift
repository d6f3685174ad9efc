import HTTPCore
import Testing

@testable import HTTPClient

/// Request validation and the mapping onto libcurl options, done on the caller's thread.
@Suite struct PreparedHTTPRequestTests {
    private func prepare(
        _ request: HTTPClientRequest,
        timeout: Duration = .seconds(5),
        connectTimeout: Duration = .seconds(10)
    ) throws(HTTPClientError) -> PreparedHTTPRequest {
        var configuration = HTTPClientConfiguration()
        configuration.connectTimeout = connectTimeout
        return try PreparedHTTPRequest(request, timeout: timeout, configuration: configuration)
    }

    @Test(
        arguments: [
            (HTTPMethod.get, nil, PreparedHTTPRequest.Body.none),
            (.head, nil, .head),
            (.head, [1], .head),
            (.post, nil, .bytes([])),
            (.put, nil, .bytes([])),
            (.patch, nil, .bytes([])),
            (.delete, nil, .customWithoutBody),
            (.options, nil, .customWithoutBody),
            (.delete, [7], .bytes([7])),
            (.get, [1, 2], .bytes([1, 2])),
        ] as [(HTTPMethod, [UInt8]?, PreparedHTTPRequest.Body)]
    )
    func methodAndBodyMapping(method: HTTPMethod, body: [UInt8]?, expected: PreparedHTTPRequest.Body) throws {
        let prepared = try prepare(HTTPClientRequest(method: method, url: "http://a/", body: body))
        #expect(prepared.body == expected)
        #expect(prepared.method == method.rawValue)
    }

    @Test func headerLinesSwitchOffCurlDefaults() throws {
        var headers: HTTPFields = ["X-A": "1", "X-Empty": ""]
        headers.add("X-A", "2")
        let withBody = try prepare(HTTPClientRequest(method: .post, url: "http://a/", headers: headers, body: [1]))
        #expect(withBody.headerLines == ["X-A: 1", "X-Empty;", "X-A: 2", "Expect:", "Content-Type:"])

        let get = try prepare(HTTPClientRequest(url: "http://a/", headers: ["Expect": "100-continue"]))
        #expect(get.headerLines == ["Expect: 100-continue"])

        let typed = try prepare(
            HTTPClientRequest(method: .put, url: "http://a/", headers: ["content-type": "text/plain"], body: [])
        )
        #expect(typed.headerLines == ["content-type: text/plain", "Expect:"])
    }

    @Test(arguments: [
        (Duration.milliseconds(300), Duration.seconds(10), 300, 300),
        (.seconds(5), .seconds(2), 5000, 2000),
        (.zero, .seconds(2), 1, 1),
        (.milliseconds(-5), .seconds(2), 1, 1),
        (.microseconds(1500), .seconds(2), 1, 1),
        (.seconds(Int64.max), .seconds(Int64.max), Int(Int32.max), Int(Int32.max)),
    ])
    func timeoutsBecomePositiveMilliseconds(timeout: Duration, connect: Duration, total: Int, connectMS: Int) throws {
        let prepared = try prepare(HTTPClientRequest(url: "http://a/"), timeout: timeout, connectTimeout: connect)
        #expect(prepared.timeoutMilliseconds == total)
        #expect(prepared.connectTimeoutMilliseconds == connectMS)
    }

    @Test(arguments: ["", "http://a/ b", "http://a/\u{0}", "http://a/\r\nX: 1", "http://a/\u{7F}"])
    func controlCharactersInTheURLAreRejected(url: String) {
        do {
            _ = try prepare(HTTPClientRequest(url: url))
            Issue.record("expected invalidURL")
        } catch {
            #expect(error.code == .invalidURL)
        }
    }

    @Test(arguments: [
        HTTPClientRequest(method: HTTPMethod(rawValue: "GET /x HTTP/1.1\r\n"), url: "http://a/"),
        HTTPClientRequest(method: HTTPMethod(rawValue: ""), url: "http://a/"),
        HTTPClientRequest(url: "http://a/", headers: ["X-A": "1\r\nX-B: 2"]),
        HTTPClientRequest(url: "http://a/", headers: ["X-A": "1\nX-B: 2"]),
        HTTPClientRequest(url: "http://a/", headers: ["X A": "1"]),
        HTTPClientRequest(url: "http://a/", headers: ["X-A:": "1"]),
        HTTPClientRequest(url: "http://a/", headers: ["": "1"]),
    ])
    func malformedMethodsAndHeadersAreRejected(request: HTTPClientRequest) {
        do {
            _ = try prepare(request)
            Issue.record("expected invalidRequest")
        } catch {
            #expect(error.code == .invalidRequest)
        }
    }
}
