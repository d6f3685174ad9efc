import HTTPCore
import Testing

/// A malformed or hostile input and the error it must produce.
struct HostileCase: Sendable, CustomTestStringConvertible {
    var name: String
    var raw: [UInt8]
    var code: HTTPParserError.Code
    var status: Int
    var limits = HTTPParserLimits()
    var testDescription: String { name }

    init(
        _ name: String,
        _ raw: String,
        _ code: HTTPParserError.Code,
        _ status: Int,
        limits: HTTPParserLimits = .init()
    ) {
        self.init(name, Array(raw.utf8), code, status, limits: limits)
    }

    init(
        _ name: String,
        _ raw: [UInt8],
        _ code: HTTPParserError.Code,
        _ status: Int,
        limits: HTTPParserLimits = .init()
    ) {
        self.name = name
        self.raw = raw
        self.code = code
        self.status = status
        self.limits = limits
    }
}

extension HTTPRequestParserTests {
    private static let post = "POST / HTTP/1.1\r\nHost: a\r\n"
    private static let chunked = post + "Transfer-Encoding: chunked\r\n\r\n"
    private static let get = "GET / HTTP/1.1\r\nHost: a\r\n"

    static let hostileCases: [HostileCase] = [
        // Request-smuggling framing.
        HostileCase(
            "CL then TE",
            post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
            .contentLengthWithTransferEncoding,
            400
        ),
        HostileCase(
            "TE then CL",
            post + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n",
            .contentLengthWithTransferEncoding,
            400
        ),
        HostileCase(
            "differing CL lines",
            post + "Content-Length: 5\r\nContent-Length: 6\r\n\r\n",
            .conflictingContentLength,
            400
        ),
        HostileCase("differing CL list", post + "Content-Length: 5, 6\r\n\r\n", .conflictingContentLength, 400),
        HostileCase("CL plus sign", post + "Content-Length: +5\r\n\r\n", .invalidContentLength, 400),
        HostileCase("CL negative", post + "Content-Length: -1\r\n\r\n", .invalidContentLength, 400),
        HostileCase("CL hex", post + "Content-Length: 0x10\r\n\r\n", .invalidContentLength, 400),
        HostileCase("CL inner space", post + "Content-Length: 1 0\r\n\r\n", .invalidContentLength, 400),
        HostileCase("CL overflow", post + "Content-Length: 99999999999999999999\r\n\r\n", .invalidContentLength, 400),
        HostileCase("CL empty", post + "Content-Length: \r\n\r\n", .invalidContentLength, 400),
        HostileCase("CL empty list element", post + "Content-Length: 5,\r\n\r\n", .invalidContentLength, 400),
        HostileCase(
            "TE chunked twice in one line",
            post + "Transfer-Encoding: chunked, chunked\r\n\r\n",
            .invalidTransferEncoding,
            400
        ),
        HostileCase(
            "TE chunked twice in two lines",
            post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
            .invalidTransferEncoding,
            400
        ),
        HostileCase(
            "TE chunked not last",
            post + "Transfer-Encoding: chunked, gzip\r\n\r\n",
            .invalidTransferEncoding,
            400
        ),
        HostileCase("TE empty element", post + "Transfer-Encoding: , chunked\r\n\r\n", .invalidTransferEncoding, 400),
        HostileCase("TE gzip", post + "Transfer-Encoding: gzip\r\n\r\n", .unsupportedTransferEncoding, 501),
        HostileCase(
            "TE gzip, chunked",
            post + "Transfer-Encoding: gzip, chunked\r\n\r\n",
            .unsupportedTransferEncoding,
            501
        ),
        HostileCase("TE xchunked", post + "Transfer-Encoding: xchunked\r\n\r\n", .unsupportedTransferEncoding, 501),
        HostileCase(
            "TE with obs-fold",
            post + "Transfer-Encoding: gzip\r\n chunked\r\n\r\n",
            .obsoleteLineFolding,
            400
        ),
        HostileCase(
            "TE on HTTP/1.0",
            "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
            .transferEncodingInHTTP10,
            400
        ),
        // Chunked framing.
        HostileCase("chunk size -1", chunked + "-1\r\n", .invalidChunkSize, 400),
        HostileCase("chunk size 0x5", chunked + "0x5\r\nhello\r\n", .invalidChunkSize, 400),
        HostileCase("chunk size 19 hex digits", chunked + "fffffffffffffffffff\r\n", .invalidChunkSize, 400),
        HostileCase("chunk size 15 hex digits over limit", chunked + "fffffffffffffff\r\n", .bodyTooLarge, 413),
        HostileCase("chunk size empty", chunked + "\r\n", .invalidChunkSize, 400),
        HostileCase("chunk size trailing space", chunked + "5 \r\nhello\r\n", .invalidChunkSize, 400),
        HostileCase("chunk data without CRLF", chunked + "5\r\nhelloX\r\n0\r\n\r\n", .invalidChunkFraming, 400),
        HostileCase("chunk data with bare LF", chunked + "5\r\nhello\n0\r\n\r\n", .invalidChunkFraming, 400),
        HostileCase("chunk extension with control", chunked + "5;a\u{01}\r\nhello\r\n", .invalidChunkFraming, 400),
        HostileCase(
            "chunk extension too large",
            chunked + "5;" + String(repeating: "x", count: 64) + "\r\n",
            .chunkExtensionTooLarge,
            400,
            limits: HTTPParserLimits(maxChunkExtensionBytes: 32)
        ),
        HostileCase("chunk size line bare LF", chunked + "5\nhello\r\n", .bareLineTerminator, 400),
        HostileCase("trailer with bad name", chunked + "0\r\nBad Name: x\r\n\r\n", .invalidHeaderName, 400),
        HostileCase(
            "trailers over head limit",
            chunked + "0\r\nX-Trailer: " + String(repeating: "t", count: 200) + "\r\n\r\n",
            .headersTooLarge,
            431,
            limits: HTTPParserLimits(maxHeaderBytes: 200)
        ),
        // Line terminators and folding.
        HostileCase("bare LF line endings", "GET / HTTP/1.1\nHost: a\n\n", .bareLineTerminator, 400),
        HostileCase("bare LF in header section", get + "X: b\nY: c\r\n\r\n", .bareLineTerminator, 400),
        HostileCase("bare CR", "GET / HTTP/1.1\rHost: a\r\n\r\n", .bareLineTerminator, 400),
        HostileCase("bare CR in value", get + "X: a\rb\r\n\r\n", .bareLineTerminator, 400),
        HostileCase("leading bare LF", "\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", .bareLineTerminator, 400),
        HostileCase("obs-fold", get + "X: a\r\n b\r\n\r\n", .obsoleteLineFolding, 400),
        HostileCase("obs-fold with tab", get + "X: a\r\n\tb\r\n\r\n", .obsoleteLineFolding, 400),
        // Field names and values.
        HostileCase("space before colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", .invalidHeaderName, 400),
        HostileCase("tab before colon", get + "X\t: a\r\n\r\n", .invalidHeaderName, 400),
        HostileCase("name with space", get + "Foo Bar: x\r\n\r\n", .invalidHeaderName, 400),
        HostileCase("name with parentheses", get + "(x): y\r\n\r\n", .invalidHeaderName, 400),
        HostileCase("empty name", get + ": y\r\n\r\n", .invalidHeaderName, 400),
        HostileCase("line without colon", get + "NoColon\r\n\r\n", .invalidHeaderName, 400),
        HostileCase("UTF-8 name", get + "Zoë: y\r\n\r\n", .invalidHeaderName, 400),
        HostileCase("NUL in value", get + "X: a\u{0}b\r\n\r\n", .invalidHeaderValue, 400),
        HostileCase("DEL in value", get + "X: a\u{7F}b\r\n\r\n", .invalidHeaderValue, 400),
        HostileCase("escape in value", get + "X: a\u{1B}[0mb\r\n\r\n", .invalidHeaderValue, 400),
        HostileCase(
            "invalid UTF-8 in value",
            Array((get + "X: a").utf8) + [0xFF, 0xFE] + Array("\r\n\r\n".utf8),
            .invalidUTF8,
            400
        ),
        HostileCase(
            "truncated UTF-8 in value",
            Array((get + "X: ").utf8) + [0xC3] + Array("\r\n\r\n".utf8),
            .invalidUTF8,
            400
        ),
        HostileCase(
            "overlong UTF-8 in value",
            Array((get + "X: ").utf8) + [0xC0, 0xAF] + Array("\r\n\r\n".utf8),
            .invalidUTF8,
            400
        ),
        // Host.
        HostileCase("missing Host", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", .missingHost, 400),
        HostileCase("two Hosts", get + "host: b\r\n\r\n", .duplicateHost, 400),
        HostileCase("two Hosts on HTTP/1.0", "GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", .duplicateHost, 400),
        // Request line.
        HostileCase("control char in target", "GET /a\u{01}b HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget, 400),
        HostileCase("tab in target", "GET /a\tb HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget, 400),
        HostileCase("UTF-8 in target", "GET /caf\u{E9} HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget, 400),
        HostileCase("relative target", "GET abc HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget, 400),
        HostileCase("asterisk for GET", "GET * HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget, 400),
        HostileCase("authority-form", "CONNECT a.example:443 HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget, 400),
        HostileCase("HTTP/2.0", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", .unsupportedVersion, 505),
        HostileCase("HTTP/3", "GET / HTTP/3\r\nHost: a\r\n\r\n", .unsupportedVersion, 505),
        HostileCase("HTTP/1.2", "GET / HTTP/1.2\r\nHost: a\r\n\r\n", .unsupportedVersion, 505),
        HostileCase("HTTP/1.x", "GET / HTTP/1.x\r\nHost: a\r\n\r\n", .invalidVersion, 400),
        HostileCase("HTTP/1.10", "GET / HTTP/1.10\r\nHost: a\r\n\r\n", .invalidVersion, 400),
        HostileCase("HTTP/1", "GET / HTTP/1\r\nHost: a\r\n\r\n", .invalidVersion, 400),
        HostileCase("lowercase version", "GET / http/1.1\r\nHost: a\r\n\r\n", .invalidVersion, 400),
        HostileCase("double space", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", .invalidRequestLine, 400),
        HostileCase("double space before version", "GET /  HTTP/1.1\r\nHost: a\r\n\r\n", .invalidRequestLine, 400),
        HostileCase("trailing space", "GET / HTTP/1.1 \r\nHost: a\r\n\r\n", .invalidRequestLine, 400),
        HostileCase("leading space", " GET / HTTP/1.1\r\nHost: a\r\n\r\n", .invalidRequestLine, 400),
        HostileCase("HTTP/0.9 style", "GET /\r\n\r\n", .invalidRequestLine, 400),
        HostileCase("space in target", "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n", .invalidRequestLine, 400),
        HostileCase("non-token method", "G@T / HTTP/1.1\r\nHost: a\r\n\r\n", .invalidMethod, 400),
        HostileCase("tab after method", "GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n", .invalidMethod, 400),
        // Limits.
        HostileCase(
            "head over limit",
            get + "X: " + String(repeating: "v", count: 300) + "\r\n\r\n",
            .headersTooLarge,
            431,
            limits: HTTPParserLimits(maxHeaderBytes: 256)
        ),
        HostileCase(
            "101 headers",
            get + (1...100).map { "X-\($0): v\r\n" }.joined() + "\r\n",
            .tooManyHeaders,
            431
        ),
        HostileCase(
            "endless header without CRLF",
            get + "X: " + String(repeating: "a", count: 4096),
            .headersTooLarge,
            431,
            limits: HTTPParserLimits(maxHeaderBytes: 1024)
        ),
        HostileCase(
            "endless leading empty lines",
            String(repeating: "\r\n", count: 600),
            .headersTooLarge,
            431,
            limits: HTTPParserLimits(maxHeaderBytes: 1024)
        ),
        HostileCase("Content-Length over limit", post + "Content-Length: 1048577\r\n\r\n", .bodyTooLarge, 413),
        HostileCase(
            "chunked total over limit",
            chunked + "40\r\n" + String(repeating: "c", count: 64) + "\r\n41\r\n",
            .bodyTooLarge,
            413,
            limits: HTTPParserLimits(maxBodyBytes: 128)
        ),
    ]

    @Test(arguments: hostileCases)
    func hostileRequestIsRefused(_ testCase: HostileCase) throws {
        for pieceSize in [Int.max, 1, 7] {
            let outcome = ParserHarness.parse(testCase.raw, limits: testCase.limits, pieceSize: pieceSize)
            let error = try #require(outcome.error, "piece size \(pieceSize): \(outcome)")
            #expect(error.code == testCase.code, "piece size \(pieceSize)")
            #expect(error.status.code == testCase.status, "piece size \(pieceSize)")
            #expect(!error.message.isEmpty)
        }
    }

    @Test func hostileTableIsLargeAndDistinct() {
        #expect(Self.hostileCases.count >= 40)
        #expect(Set(Self.hostileCases.map(\.name)).count == Self.hostileCases.count)
    }
}
