import HTTPCore
import Testing

@Suite struct HTTPResponseEncoderTests {
    private func head(_ status: HTTPStatus, _ headers: HTTPFields, version: HTTPVersion = .http1_1) -> String {
        var out: [UInt8] = []
        HTTPResponseEncoder.encodeHead(status: status, headers: headers, version: version, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func encodesStatusLineFieldsAndBlankLine() {
        let headers = HTTPFields([("Content-Type", "application/json"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")])
        #expect(
            head(.ok, headers)
                == "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\n"
        )
    }

    @Test func encodesVersionAndUnusualStatuses() {
        #expect(head(.notFound, [:], version: .http1_0) == "HTTP/1.0 404 Not Found\r\n\r\n")
        #expect(head(HTTPStatus(code: 599), [:]) == "HTTP/1.1 599 \r\n\r\n")
        #expect(head(HTTPStatus(code: 299, reasonPhrase: "Fine"), [:]) == "HTTP/1.1 299 Fine\r\n\r\n")
    }

    @Test func encodesExtremeNumbersWithinItsBound() {
        let version = HTTPVersion(major: Int.max, minor: Int.max)
        let status = HTTPStatus(code: Int.max, reasonPhrase: "")
        #expect(
            head(status, [:], version: version)
                == "HTTP/\(Int.max).\(Int.max) \(Int.max) \r\n\r\n"
        )
        #expect(head(HTTPStatus(code: -5), [:], version: HTTPVersion(major: -1, minor: 0)) == "HTTP/0.0 0 \r\n\r\n")
    }

    @Test func encodesManyAndLongFields() {
        let long = String(repeating: "v", count: 10_000)
        let fields = HTTPFields((0..<200).map { ("X-\($0)", long) })
        let encoded = head(.ok, fields)
        let nameBytes: Int = (0..<200).map { "X-\($0)".utf8.count }.reduce(0, +)
        let expectedCount: Int = 17 + 200 * (10_000 + 4) + nameBytes + 2
        #expect(encoded.utf8.count == expectedCount)
        #expect(encoded.hasSuffix("X-199: \(long)\r\n\r\n"))
    }

    @Test func appendsToExistingBytes() {
        var out = Array("prefix".utf8)
        HTTPResponseEncoder.encodeHead(status: .noContent, headers: [:], version: .http1_1, into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "prefixHTTP/1.1 204 No Content\r\n\r\n")
    }

    @Test(arguments: [
        ("X-Injected", "a\r\nSet-Cookie: evil=1"),
        ("X-Injected", "a\nb"),
        ("X-Injected", "a\rb"),
        ("X-Nul", "a\u{0}b"),
        ("X-Del", "a\u{7F}"),
        ("Bad Name", "v"),
        ("Bad:Name", "v"),
        ("", "v"),
        ("X\r\nEvil", "v"),
        ("Zoë", "v"),
    ])
    func dropsFieldsThatCouldSplitTheResponse(name: String, value: String) {
        let encoded = head(.ok, HTTPFields([("A", "1"), (name, value), ("B", "2")]))
        #expect(encoded == "HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\n\r\n")
    }

    @Test func keepsTabsAndUTF8InValues() {
        #expect(head(.ok, ["X": "a\tb Zoë"]) == "HTTP/1.1 200 OK\r\nX: a\tb Zoë\r\n\r\n")
    }

    @Test func stripsLineBreaksFromReasonPhrase() {
        let status = HTTPStatus(code: 200, reasonPhrase: "OK\r\nSet-Cookie: x")
        #expect(head(status, [:]) == "HTTP/1.1 200 OKSet-Cookie: x\r\n\r\n")
    }

    @Test(arguments: [(1, "1"), (10, "a"), (255, "ff"), (4096, "1000"), (65_537, "10001")])
    func encodesChunkSizeInHex(size: Int, hex: String) {
        var out: [UInt8] = []
        let bytes = [UInt8](repeating: 0x7A, count: size)
        HTTPResponseEncoder.encodeChunk(bytes, into: &out)
        #expect(out == Array("\(hex)\r\n".utf8) + bytes + Array("\r\n".utf8))
    }

    @Test func emptyChunkEmitsNothingAndLastChunkEndsBody() {
        var out: [UInt8] = []
        HTTPResponseEncoder.encodeChunk([UInt8](), into: &out)
        #expect(out.isEmpty)
        HTTPResponseEncoder.encodeChunk("hi".utf8, into: &out)
        HTTPResponseEncoder.encodeLastChunk(into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "2\r\nhi\r\n0\r\n\r\n")
    }

    @Test func chunkedOutputRoundTripsThroughTheParser() throws {
        var out = Array("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        let pieces: [[UInt8]] = [Array(repeating: 1, count: 17), Array(repeating: 2, count: 300), [3]]
        for piece in pieces { HTTPResponseEncoder.encodeChunk(piece, into: &out) }
        HTTPResponseEncoder.encodeLastChunk(into: &out)
        let outcome = ParserHarness.parse(out)
        #expect(outcome.error == nil)
        #expect(outcome.events.count == 3)
        #expect(outcome.events[1] == .body(pieces.flatMap { $0 }))
    }
}
