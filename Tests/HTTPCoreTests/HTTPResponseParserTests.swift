import HTTPCore
import Testing

/// What feeding a whole response to an ``HTTPResponseParser`` produced.
private struct ResponseOutcome: Equatable, CustomStringConvertible {
    var head: HTTPResponseParser.Head?
    var body: [UInt8] = []
    var ended = false
    var error: HTTPResponseParserError.Code?

    var description: String {
        "head: \(head.map { "\($0)" } ?? "none"), body: \(body.count) bytes, ended: \(ended), error: \(error.map { "\($0)" } ?? "none")"
    }
}

/// A response input and what parsing it must give.
private struct ResponseCase: Sendable, CustomTestStringConvertible {
    var name: String
    var input: [UInt8]
    var method: HTTPMethod = .get
    var limits = HTTPParserLimits()
    /// Whether the server closes the connection after the input.
    var endsStream = true
    var expected: Expected

    enum Expected: Sendable {
        case response(HTTPResponseParser.Head, body: String)
        case failure(HTTPResponseParserError.Code)
    }

    var testDescription: String { name }
}

/// A small deterministic generator (SplitMix64) for reproducible random splits.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct HTTPResponseParserTests {
    @Test(arguments: validCases)
    fileprivate func validResponses(_ testCase: ResponseCase) {
        checkAllSplits(testCase)
    }

    @Test(arguments: hostileCases)
    fileprivate func hostileResponses(_ testCase: ResponseCase) {
        checkAllSplits(testCase)
    }

    @Test func resetParsesTheNextResponseOnTheSameConnection() throws {
        var parser = HTTPResponseParser(requestMethod: .head)
        parser.feed(Array(raw: "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n"))
        #expect(try parser.nextEvent().map(isHead) == true)
        #expect(try parser.nextEvent() == .end)
        #expect(parser.bufferedByteCount == 0)
        parser.reset(requestMethod: .get)
        #expect(!parser.hasReceivedBytes)
        parser.feed(Array(raw: "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbody"))
        #expect(parser.hasReceivedBytes)
        #expect(try parser.nextEvent().map(isHead) == true)
        #expect(try parser.nextEvent() == .body(Array(raw: "body")))
        #expect(try parser.nextEvent() == .end)
        #expect(try parser.nextEvent() == nil)
    }

    @Test func deadParserRethrowsTheSameError() {
        var parser = HTTPResponseParser(requestMethod: .get)
        parser.feed(Array(raw: "HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n"))
        #expect(throws: HTTPResponseParserError(.invalidHeaderName)) { try parser.nextEvent() }
        parser.feed(Array(raw: "HTTP/1.1 200 OK\r\n\r\n"))
        #expect(throws: HTTPResponseParserError(.invalidHeaderName)) { try parser.nextEvent() }
    }

    private func isHead(_ event: HTTPResponseParser.Event) -> Bool {
        if case .head = event { return true }
        return false
    }

    /// Feeds the case whole, byte by byte and in 20 seeded random splits; every way must agree.
    private func checkAllSplits(_ testCase: ResponseCase) {
        let expected: ResponseOutcome
        switch testCase.expected {
        case .response(let head, let body):
            expected = ResponseOutcome(head: head, body: Array(body.utf8), ended: true, error: nil)
        case .failure(let code):
            expected = ResponseOutcome(head: nil, body: [], ended: false, error: code)
        }
        let whole = parse(testCase, cuts: [])
        #expect(whole == expected, "whole input")
        // HTTPStatus equality ignores the reason phrase, so compare it on its own.
        #expect(whole.head?.status.reasonPhrase == expected.head?.status.reasonPhrase)
        let byteByByte = parse(testCase, cuts: Array(0..<testCase.input.count))
        #expect(byteByByte == expected, "byte by byte")
        var generator = SeededGenerator(state: UInt64(testCase.input.count))
        for round in 0..<20 {
            let cutCount = Int.random(in: 1...8, using: &generator)
            let cuts = (0..<cutCount).map { _ in Int.random(in: 0...testCase.input.count, using: &generator) }
            let outcome = parse(testCase, cuts: cuts.sorted())
            #expect(outcome == expected, "random split \(round): \(cuts.sorted())")
        }
    }

    /// Parses the input cut at `cuts`, draining events after each piece, then signals end of stream.
    private func parse(_ testCase: ResponseCase, cuts: [Int]) -> ResponseOutcome {
        var parser = HTTPResponseParser(requestMethod: testCase.method, limits: testCase.limits)
        var outcome = ResponseOutcome()
        var start = 0
        var iterations = 0
        let boundaries = Array(Set(cuts.filter { $0 > 0 && $0 < testCase.input.count } + [testCase.input.count]))
            .sorted()
        for (index, end) in boundaries.enumerated() {
            parser.feed(Array(testCase.input[start..<end]))
            start = end
            if index == boundaries.count - 1 && testCase.endsStream { parser.feedEndOfStream() }
            do throws(HTTPResponseParserError) {
                while let event = try parser.nextEvent() {
                    iterations += 1
                    guard iterations < 100_000 else {
                        Issue.record("the parser made no progress")
                        return outcome
                    }
                    switch event {
                    case .head(let head):
                        #expect(outcome.head == nil, "two heads")
                        outcome.head = head
                    case .body(let piece):
                        #expect(!piece.isEmpty, "empty body piece")
                        outcome.body += piece
                    case .end:
                        #expect(!outcome.ended, "two ends")
                        outcome.ended = true
                    }
                }
            } catch {
                return ResponseOutcome(error: error.code)
            }
        }
        return outcome
    }
}

private func head(
    _ code: Int,
    reason: String = "OK",
    version: HTTPVersion = .http1_1,
    _ fields: [(String, String)] = [],
    framing: HTTPResponseParser.BodyFraming,
    keepAlive: Bool = true
) -> HTTPResponseParser.Head {
    HTTPResponseParser.Head(
        version: version,
        status: HTTPStatus(code: code, reasonPhrase: reason),
        headers: HTTPFields(fields),
        bodyFraming: framing,
        isKeepAlive: keepAlive
    )
}

private func valid(
    _ name: String,
    _ input: String,
    method: HTTPMethod = .get,
    endsStream: Bool = true,
    _ head: HTTPResponseParser.Head,
    body: String = ""
) -> ResponseCase {
    ResponseCase(
        name: name,
        input: Array(input.utf8),
        method: method,
        endsStream: endsStream,
        expected: .response(head, body: body)
    )
}

private func hostile(
    _ name: String,
    _ input: String,
    limits: HTTPParserLimits = .init(),
    endsStream: Bool = true,
    _ code: HTTPResponseParserError.Code
) -> ResponseCase {
    ResponseCase(name: name, input: Array(input.utf8), limits: limits, endsStream: endsStream, expected: .failure(code))
}

private let validCases: [ResponseCase] = [
    valid(
        "content-length",
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello",
        endsStream: false,
        head(200, [("Content-Type", "text/plain"), ("Content-Length", "5")], framing: .length(5)),
        body: "hello"
    ),
    valid(
        "content-length zero",
        "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n",
        endsStream: false,
        head(201, reason: "Created", [("Content-Length", "0")], framing: .length(0))
    ),
    valid(
        "repeated identical content-length",
        "HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\nContent-Length: 3\r\n\r\nabc",
        head(200, [("Content-Length", "3, 3"), ("Content-Length", "3")], framing: .length(3)),
        body: "abc"
    ),
    valid(
        "chunked with extensions and trailers",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\nhello\r\n6 ; x\r\n world\r\n"
            + "A\r\n0123456789\r\n0\r\nX-Trailer: 1\r\nX-Other: 2\r\n\r\n",
        endsStream: false,
        head(200, [("Transfer-Encoding", "chunked")], framing: .chunked),
        body: "hello world0123456789"
    ),
    valid(
        "close-delimited",
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the server closes",
        head(200, [("Content-Type", "text/plain")], framing: .untilClose, keepAlive: false),
        body: "until the server closes"
    ),
    valid(
        "close-delimited empty",
        "HTTP/1.0 200 OK\r\n\r\n",
        head(200, version: .http1_0, framing: .untilClose, keepAlive: false)
    ),
    valid(
        "204 has no body",
        "HTTP/1.1 204 No Content\r\nX-Id: 1\r\n\r\n",
        endsStream: false,
        head(204, reason: "No Content", [("X-Id", "1")], framing: .none)
    ),
    valid(
        "304 ignores its content-length",
        "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n",
        endsStream: false,
        head(304, reason: "Not Modified", [("Content-Length", "10")], framing: .none)
    ),
    valid(
        "HEAD response has no body",
        "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n",
        method: .head,
        endsStream: false,
        head(200, [("Content-Length", "100")], framing: .none)
    ),
    valid(
        "100 Continue then 200",
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
        endsStream: false,
        head(200, [("Content-Length", "2")], framing: .length(2)),
        body: "ok"
    ),
    valid(
        "HTTP/1.0 closes by default",
        "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok",
        endsStream: false,
        head(200, version: .http1_0, [("Content-Length", "2")], framing: .length(2), keepAlive: false),
        body: "ok"
    ),
    valid(
        "HTTP/1.0 with keep-alive",
        "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok",
        endsStream: false,
        head(
            200,
            version: .http1_0,
            [("Connection", "Keep-Alive"), ("Content-Length", "2")],
            framing: .length(2),
            keepAlive: true
        ),
        body: "ok"
    ),
    valid(
        "Connection close on HTTP/1.1",
        "HTTP/1.1 200 OK\r\nConnection: foo, close\r\nContent-Length: 0\r\n\r\n",
        endsStream: false,
        head(200, [("Connection", "foo, close"), ("Content-Length", "0")], framing: .length(0), keepAlive: false)
    ),
    valid(
        "duplicate Set-Cookie kept in order",
        "HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nX-Mid: m\r\nSet-Cookie: b=2\r\nContent-Length: 0\r\n\r\n",
        endsStream: false,
        head(
            200,
            [("Set-Cookie", "a=1"), ("X-Mid", "m"), ("Set-Cookie", "b=2"), ("Content-Length", "0")],
            framing: .length(0)
        )
    ),
    valid(
        "no reason phrase",
        "HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n",
        endsStream: false,
        head(404, reason: "", [("Content-Length", "0")], framing: .length(0))
    ),
    valid(
        "empty reason phrase after space, UTF-8 value",
        "HTTP/1.1 418 \r\nX-Name: caf\u{e9}\r\nContent-Length: 0\r\n\r\n",
        endsStream: false,
        head(418, reason: "", [("X-Name", "caf\u{e9}"), ("Content-Length", "0")], framing: .length(0))
    ),
]

private let smallHead = HTTPParserLimits(maxHeaderBytes: 64, maxHeaderCount: 3, maxBodyBytes: 10)

private let hostileCases: [ResponseCase] = [
    hostile("letters in status", "HTTP/1.1 2OO OK\r\n\r\n", .invalidStatusLine),
    hostile("two spaces", "HTTP/1.1  200 OK\r\n\r\n", .invalidStatusLine),
    hostile("short status line", "HTTP/1.1 20\r\n\r\n", .invalidStatusLine),
    hostile("control in reason", "HTTP/1.1 200 O\u{1}K\r\n\r\n", .invalidStatusLine),
    hostile("status below 100", "HTTP/1.1 099 Low\r\n\r\n", .invalidStatus),
    hostile("status above 599", "HTTP/1.1 600 High\r\n\r\n", .invalidStatus),
    hostile("HTTP/2.0", "HTTP/2.0 200 OK\r\n\r\n", .unsupportedVersion),
    hostile("bad protocol name", "HTTX/1.1 200 OK\r\n\r\n", .invalidVersion),
    hostile("101 without upgrade", "HTTP/1.1 101 Switching Protocols\r\n\r\n", .unexpectedUpgrade),
    hostile(
        "content-length with transfer-encoding",
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        .contentLengthWithTransferEncoding
    ),
    hostile(
        "content-length with transfer-encoding on 204",
        "HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n",
        .contentLengthWithTransferEncoding
    ),
    hostile(
        "two different content-lengths",
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
        .conflictingContentLength
    ),
    hostile("list of different lengths", "HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\n", .conflictingContentLength),
    hostile("negative content-length", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", .invalidContentLength),
    hostile(
        "overflowing content-length",
        "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n",
        .invalidContentLength
    ),
    hostile("empty content-length", "HTTP/1.1 200 OK\r\nContent-Length: \r\n\r\n", .invalidContentLength),
    hostile(
        "bad chunk size",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        .invalidChunkSize
    ),
    hostile(
        "chunk size with 16 digits",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1000000000000000\r\n",
        .invalidChunkSize
    ),
    hostile(
        "chunk data without CRLF",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
        .invalidChunkFraming
    ),
    hostile(
        "gzip transfer coding",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
        .unsupportedTransferEncoding
    ),
    hostile(
        "chunked not last",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
        .unsupportedTransferEncoding
    ),
    hostile(
        "chunked twice",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
        .invalidTransferEncoding
    ),
    hostile(
        "transfer-encoding in HTTP/1.0",
        "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        .transferEncodingInHTTP10
    ),
    hostile(
        "oversize head",
        "HTTP/1.1 200 OK\r\nX-Long: " + String(repeating: "a", count: 80) + "\r\n\r\n",
        limits: smallHead,
        .headersTooLarge
    ),
    hostile(
        "unterminated endless head",
        "HTTP/1.1 200 OK\r\nX-Long: " + String(repeating: "a", count: 80),
        limits: smallHead,
        endsStream: false,
        .headersTooLarge
    ),
    hostile(
        "too many fields",
        "HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n",
        limits: smallHead,
        .tooManyHeaders
    ),
    hostile(
        "content-length above the body limit",
        "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n",
        limits: smallHead,
        .bodyTooLarge
    ),
    hostile(
        "chunked body above the limit",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n6\r\nabcdef\r\n0\r\n\r\n",
        limits: smallHead,
        .bodyTooLarge
    ),
    hostile(
        "close-delimited body above the limit",
        "HTTP/1.1 200 OK\r\n\r\n" + String(repeating: "b", count: 11),
        limits: smallHead,
        .bodyTooLarge
    ),
    hostile("obs-fold", "HTTP/1.1 200 OK\r\nX-A: 1\r\n  folded\r\nContent-Length: 0\r\n\r\n", .obsoleteLineFolding),
    hostile("bare CR in a value", "HTTP/1.1 200 OK\r\nX-A: a\rb\r\n\r\n", .bareLineTerminator),
    hostile("bare LF", "HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n", .bareLineTerminator),
    hostile("NUL in a value", "HTTP/1.1 200 OK\r\nX-A: a\u{0}b\r\nContent-Length: 0\r\n\r\n", .invalidHeaderValue),
    hostile("space before colon", "HTTP/1.1 200 OK\r\nX-A : 1\r\n\r\n", .invalidHeaderName),
    hostile("empty field name", "HTTP/1.1 200 OK\r\n: 1\r\n\r\n", .invalidHeaderName),
    hostile("truncated body", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", .unexpectedEndOfStream),
    hostile("truncated head", "HTTP/1.1 200 OK\r\nContent-Le", .unexpectedEndOfStream),
    hostile(
        "truncated chunked body",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
        .unexpectedEndOfStream
    ),
    hostile("nothing at all", "", .unexpectedEndOfStream),
]
