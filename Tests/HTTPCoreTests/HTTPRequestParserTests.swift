import HTTPCore
import Testing

/// A well-formed input and the events it must produce however it is split.
struct ValidCase: Sendable, CustomTestStringConvertible {
    var name: String
    var raw: [UInt8]
    var expected: [HTTPParserEvent]
    var testDescription: String { name }
}

@Suite struct HTTPRequestParserTests {
    static let validCases: [ValidCase] = [
        ValidCase(
            name: "simple GET",
            raw: Array(raw: "GET /hello?x=1 HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n"),
            expected: [ParserHarness.head(.get, "/hello?x=1", [("Host", "example.com"), ("Accept", "*/*")]), .end]
        ),
        ValidCase(
            name: "POST with Content-Length",
            raw: Array(raw: "POST /pay HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world"),
            expected: [
                ParserHarness.head(.post, "/pay", [("Host", "a"), ("Content-Length", "11")]),
                .body(Array(raw: "hello world")), .end,
            ]
        ),
        ValidCase(
            name: "chunked with extensions and trailers",
            raw: Array(
                raw: "POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5;name=value\r\nhello\r\n6 ; x=\"q\"\r\n world\r\nA\r\n0123456789\r\n"
                    + "0;last\r\nX-Checksum: abc\r\nX-Other: d\r\n\r\n"
            ),
            expected: [
                ParserHarness.head(.post, "/up", [("Host", "a"), ("Transfer-Encoding", "chunked")]),
                .body(Array(raw: "hello world0123456789")), .end,
            ]
        ),
        ValidCase(
            name: "chunked without trailers, uppercase coding",
            raw: Array(raw: "PUT /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:  CHUNKED \r\n\r\n3\r\nabc\r\n0\r\n\r\n"),
            expected: [
                ParserHarness.head(.put, "/x", [("Host", "a"), ("Transfer-Encoding", "CHUNKED")]),
                .body(Array(raw: "abc")), .end,
            ]
        ),
        ValidCase(
            name: "pipelined requests",
            raw: Array(
                raw: "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nPOST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nok"
                    + "DELETE /3 HTTP/1.1\r\nHost: a\r\n\r\n"
            ),
            expected: [
                ParserHarness.head(.get, "/1", [("Host", "a")]), .end,
                ParserHarness.head(.post, "/2", [("Host", "a"), ("Content-Length", "2")]), .body(Array(raw: "ok")),
                .end,
                ParserHarness.head(.delete, "/3", [("Host", "a")]), .end,
            ]
        ),
        ValidCase(
            name: "HTTP/1.0 without Host",
            raw: Array(raw: "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"),
            expected: [ParserHarness.head(.get, "/", version: .http1_0, [("Connection", "keep-alive")]), .end]
        ),
        ValidCase(
            name: "Expect 100-continue",
            raw: Array(raw: "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx"),
            expected: [
                ParserHarness.head(.post, "/", [("Host", "a"), ("Expect", "100-continue"), ("Content-Length", "1")]),
                .body([UInt8(ascii: "x")]), .end,
            ]
        ),
        ValidCase(
            name: "absolute-form target",
            raw: Array(raw: "GET http://example.com/a?b HTTP/1.1\r\nHost: example.com\r\n\r\n"),
            expected: [ParserHarness.head(.get, "http://example.com/a?b", [("Host", "example.com")]), .end]
        ),
        ValidCase(
            name: "OPTIONS asterisk",
            raw: Array(raw: "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n"),
            expected: [ParserHarness.head(.options, "*", [("Host", "a")]), .end]
        ),
        ValidCase(
            name: "leading empty lines, trimmed values, UTF-8 value, extension method",
            raw: Array(raw: "\r\n\r\nPURGE /c HTTP/1.1\r\nHost:a\r\nX-Name: \t Zoë \t\r\nX-Empty:\r\n\r\n"),
            expected: [
                ParserHarness.head(
                    HTTPMethod(rawValue: "PURGE"),
                    "/c",
                    [("Host", "a"), ("X-Name", "Zoë"), ("X-Empty", "")]
                ),
                .end,
            ]
        ),
        ValidCase(
            name: "identical Content-Length values",
            raw: Array(raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\ncontent-length: 003\r\n\r\nabc"),
            expected: [
                ParserHarness.head(.post, "/", [("Host", "a"), ("Content-Length", "3, 3"), ("content-length", "003")]),
                .body(Array(raw: "abc")), .end,
            ]
        ),
        ValidCase(
            name: "Content-Length zero",
            raw: Array(raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n"),
            expected: [ParserHarness.head(.post, "/", [("Host", "a"), ("Content-Length", "0")]), .end]
        ),
    ]

    @Test(arguments: validCases)
    func validRequestParsesIdenticallyHoweverItIsSplit(_ testCase: ValidCase) {
        let whole = ParserHarness.parse(testCase.raw)
        #expect(whole == ParseOutcome(events: testCase.expected))
        let byteAtATime = ParserHarness.parse(testCase.raw, pieceSize: 1)
        #expect(byteAtATime == whole)
        for cut in 1..<testCase.raw.count {
            let split = ParserHarness.parse(testCase.raw, cuts: [cut])
            #expect(split == whole, "split at \(cut)")
        }
    }

    @Test func headIsReturnedBeforeBodyBytesAreExamined() throws {
        var parser = HTTPRequestParser()
        parser.feed(Array(raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nab"))
        let head = try #require(try parser.nextEvent())
        guard case .head(let request) = head else {
            Issue.record("expected head, got \(head)")
            return
        }
        #expect(request.method == .post)
        #expect(parser.bodyFraming == .length(4))
        #expect(parser.bufferedByteCount == 2)
        #expect(!parser.isIdle)
        #expect(try parser.nextEvent() == .body(Array(raw: "ab")))
        #expect(try parser.nextEvent() == nil)
        parser.feed(Array(raw: "cd"))
        #expect(try parser.nextEvent() == .body(Array(raw: "cd")))
        #expect(try parser.nextEvent() == .end)
        #expect(parser.isIdle)
        #expect(parser.bufferedByteCount == 0)
    }

    @Test func bodyFramingReflectsEachRequest() throws {
        var parser = HTTPRequestParser()
        #expect(parser.bodyFraming == .none)
        parser.feed(Array(raw: "GET / HTTP/1.1\r\nHost: a\r\n\r\n"))
        _ = try parser.nextEvent()
        #expect(parser.bodyFraming == .none)
        #expect(try parser.nextEvent() == .end)
        parser.feed(Array(raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"))
        _ = try parser.nextEvent()
        #expect(parser.bodyFraming == .chunked)
        #expect(try parser.nextEvent() == .end)
    }

    @Test func isIdleOnlyBetweenRequests() throws {
        var parser = HTTPRequestParser()
        #expect(parser.isIdle)
        parser.feed(Array(raw: "GE"))
        #expect(try parser.nextEvent() == nil)
        #expect(!parser.isIdle)
        parser.feed(Array(raw: "T / HTTP/1.1\r\nHost: a\r\n\r\nGET"))
        _ = try parser.nextEvent()
        #expect(!parser.isIdle)
        #expect(try parser.nextEvent() == .end)
        #expect(!parser.isIdle, "a pipelined partial request is buffered")
        #expect(parser.bufferedByteCount == 3)
    }

    @Test func raisedBodyLimitAdmitsLargerBody() {
        let body = [UInt8](repeating: 0x61, count: 300)
        let raw = Array(raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 300\r\n\r\n") + body
        let limits = HTTPParserLimits(maxBodyBytes: 100)
        #expect(ParserHarness.parse(raw, limits: limits).error?.code == .bodyTooLarge)
        let outcome = ParserHarness.parse(raw, limits: limits, bodyLimit: 300)
        #expect(outcome.error == nil)
        #expect(outcome.events.dropFirst().first == .body(body))
    }

    @Test func loweredBodyLimitRefusesBeforeBodyArrives() throws {
        var parser = HTTPRequestParser()
        parser.feed(Array(raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n"))
        _ = try parser.nextEvent()
        parser.setBodyLimit(5)
        #expect(throws: HTTPParserError(.bodyTooLarge)) { try parser.nextEvent() }
    }

    @Test func loweredBodyLimitAppliesToChunks() {
        let raw = Array(
            raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n"
        )
        #expect(ParserHarness.parse(raw, bodyLimit: 6).error == nil)
        let outcome = ParserHarness.parse(raw, bodyLimit: 5)
        #expect(outcome.error?.code == .bodyTooLarge)
        #expect(outcome.error?.status == .contentTooLarge)
        #expect(outcome.events.count == 2, "the first chunk fits and is delivered")
    }

    @Test func bodyLimitResetsForNextRequest() {
        let raw = Array(
            raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
                + "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
        )
        var parser = HTTPRequestParser(limits: HTTPParserLimits(maxBodyBytes: 2))
        parser.feed(raw)
        var events: [HTTPParserEvent] = []
        do throws(HTTPParserError) {
            while let event = try parser.nextEvent() {
                if case .head = event, events.isEmpty { parser.setBodyLimit(10) }
                events.append(event)
            }
            Issue.record("the second request exceeds the default limit")
        } catch {
            #expect(error.code == .bodyTooLarge)
        }
        #expect(events.count == 4)
    }

    @Test func errorIsSticky() {
        var parser = HTTPRequestParser()
        parser.feed(Array(raw: "GET / HTTP/1.1\r\nHost : a\r\n\r\n"))
        #expect(throws: HTTPParserError(.invalidHeaderName)) { try parser.nextEvent() }
        parser.feed(Array(raw: "GET / HTTP/1.1\r\nHost: a\r\n\r\n"))
        #expect(parser.bufferedByteCount == 0, "a dead parser drops input")
        #expect(!parser.isIdle)
        #expect(throws: HTTPParserError(.invalidHeaderName)) { try parser.nextEvent() }
    }

    @Test func endlessHeaderLineIsRefusedOnceOverLimit() throws {
        let limits = HTTPParserLimits(maxHeaderBytes: 1024)
        var parser = HTTPRequestParser(limits: limits)
        let start = Array(raw: "GET / HTTP/1.1\r\nX-Long: ")
        parser.feed(start)
        #expect(try parser.nextEvent() == nil)
        parser.feed([UInt8](repeating: 0x61, count: 1024 - start.count))
        #expect(try parser.nextEvent() == nil, "exactly at the limit: still waiting")
        parser.feed([0x61])
        #expect(throws: HTTPParserError(.headersTooLarge)) { try parser.nextEvent() }
    }

    @Test func manyPipelinedRequestsCompactTheBuffer() throws {
        let body = [UInt8](repeating: 0x62, count: 5000)
        let request = Array(raw: "POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n\r\n") + body
        var parser = HTTPRequestParser()
        var completed = 0
        for _ in 0..<50 {
            parser.feed(request + request)
            // Consume one request per feed so the buffer keeps a consumed prefix and must compact.
            var ended = false
            while !ended, let event = try parser.nextEvent() {
                if case .end = event {
                    completed += 1
                    ended = true
                }
            }
        }
        while let event = try parser.nextEvent() {
            if case .end = event { completed += 1 }
        }
        #expect(completed == 100)
        #expect(parser.isIdle)
    }

    @Test func keepAliveAndExpectations() throws {
        var parser = HTTPRequestParser()
        parser.feed(
            Array(
                raw: "GET / HTTP/1.0\r\nExpect: 100-continue\r\n\r\n"
                    + "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\nExpect: 100-Continue\r\n\r\n"
            )
        )
        guard case .head(let first)? = try parser.nextEvent() else {
            Issue.record("expected head")
            return
        }
        #expect(!first.keepAlive)
        #expect(!first.expectsContinue, "HTTP/1.0 requests never expect 100 Continue")
        #expect(try parser.nextEvent() == .end)
        guard case .head(let second)? = try parser.nextEvent() else {
            Issue.record("expected head")
            return
        }
        #expect(!second.keepAlive)
        #expect(second.expectsContinue)
    }
}
