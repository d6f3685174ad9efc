import HTTPCore
import Testing

@testable import HTTPClient

/// The header-callback parser, fed lines exactly as libcurl delivers them.
@Suite struct ResponseHeadParserTests {
    private func parse(_ lines: [String]) -> (ResponseHeadParser, [ResponseHeadParser.Event]) {
        var parser = ResponseHeadParser()
        let events = lines.map { parser.feed(Array($0.utf8)) }
        return (parser, events)
    }

    @Test func simpleHead() {
        let (parser, events) = parse([
            "HTTP/1.1 201 Created\r\n", "Location: /x/1\r\n", "Content-Length: 0\r\n", "\r\n",
        ])
        #expect(events == [.responseStarted, .field, .field, .headEnded])
        #expect(parser.status == .created)
        #expect(parser.status?.reasonPhrase == "Created")
        #expect(parser.isHeadComplete)
        #expect(parser.headers["location"] == "/x/1")
        #expect(parser.headers.count == 2)
    }

    @Test func interimResponsesAreReplacedByTheFinalOne() {
        let (parser, events) = parse([
            "HTTP/1.1 100 Continue\r\n", "X-Interim: yes\r\n", "\r\n",
            "HTTP/1.1 200 OK\r\n", "X-Final: yes\r\n", "\r\n",
        ])
        #expect(events.filter { $0 == .responseStarted }.count == 2)
        #expect(parser.status == .ok)
        #expect(parser.headers.map(\.name) == ["X-Final"])
    }

    @Test func duplicatesAndOrderAreKept() {
        let (parser, _) = parse([
            "HTTP/1.1 200 OK\r\n", "Set-Cookie: a=1\r\n", "Vary: x\r\n", "Set-Cookie: b=2\r\n", "\r\n",
        ])
        #expect(parser.headers.map(\.name) == ["Set-Cookie", "Vary", "Set-Cookie"])
        #expect(parser.headers.values(for: "set-cookie") == ["a=1", "b=2"])
    }

    @Test func valuesAreTrimmedAndMayBeEmptyOrContainColons() {
        let (parser, _) = parse(["HTTP/1.1 200 OK\r\n", "X-Empty:\r\n", "X-Url: \t http://a:1/b \t\r\n", "\r\n"])
        #expect(parser.headers["X-Empty"] == "")
        #expect(parser.headers["X-Url"] == "http://a:1/b")
    }

    @Test func foldedLinesContinueThePreviousValue() {
        let (parser, events) = parse([
            "HTTP/1.1 200 OK\r\n", "X-Long: first\r\n", "   second\r\n", "\tthird\r\n", "\r\n",
        ])
        #expect(events == [.responseStarted, .field, .field, .field, .headEnded])
        #expect(parser.headers["X-Long"] == "first second third")
    }

    @Test func trailersAfterTheHeadAreIgnored() {
        let (parser, events) = parse(["HTTP/1.1 200 OK\r\n", "A: 1\r\n", "\r\n", "X-Trailer: t\r\n", "\r\n"])
        #expect(events.suffix(2) == [.ignored, .ignored])
        #expect(parser.headers.map(\.name) == ["A"])
    }

    @Test(arguments: [
        ("HTTP/1.1 418 I'm a teapot\r\n", 418, "I'm a teapot"),
        ("HTTP/2 204\r\n", 204, "No Content"),
        ("HTTP/1.0 599 \r\n", 599, ""),
    ])
    func statusLines(line: String, code: Int, reason: String) {
        let (parser, events) = parse([line])
        #expect(events == [.responseStarted])
        #expect(parser.status?.code == code)
        #expect(parser.status?.reasonPhrase == reason)
    }

    @Test(arguments: ["HTTP/1.1 20 OK\r\n", "HTTP/1.1 abc OK\r\n", "HTTP/1.1\r\n", "garbage\r\n", ": no name\r\n"])
    func malformedLinesAreIgnored(line: String) {
        let (parser, events) = parse([line])
        #expect(events == [.ignored])
        #expect(parser.status == nil)
        #expect(parser.headers.isEmpty)
    }
}
