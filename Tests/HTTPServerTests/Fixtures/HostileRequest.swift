import Testing

/// One malformed or hostile request for the table in ``HTTPServerHostileRequestTests``, with the status
/// and error code the server must answer before closing.
struct HostileRequest: Sendable, CustomTestStringConvertible {
    /// How the bytes reach the server.
    enum Delivery: Sendable {
        /// One write.
        case atOnce
        /// The first `prefix` bytes at once, then `chunk` bytes every `interval` (slowloris).
        case trickle(chunk: Int, interval: Duration, prefix: Int = 0)
    }

    var name: String
    var bytes: [UInt8]
    var status: Int
    var code: String
    var delivery = Delivery.atOnce
    /// The server must not send `100 Continue` first.
    var forbidsContinue = false

    var testDescription: String { name }

    init(_ name: String, _ text: String, _ status: Int, _ code: String, delivery: Delivery = .atOnce) {
        self.name = name
        self.bytes = Array(text.utf8)
        self.status = status
        self.code = code
        self.delivery = delivery
    }

    init(_ name: String, bytes: [UInt8], _ status: Int, _ code: String) {
        self.name = name
        self.bytes = bytes
        self.status = status
        self.code = code
    }
}

extension HostileRequest {
    static let badRequest = "BAD_REQUEST"

    /// Every case; each must be answered and the connection closed.
    static let all: [HostileRequest] = smuggling + chunked + syntax + limits + slow

    /// Ambiguous or invalid framing: the classic request-smuggling vectors.
    static let smuggling: [HostileRequest] = [
        HostileRequest(
            "CL and TE",
            "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            400,
            badRequest
        ),
        HostileRequest(
            "TE and CL",
            "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
            400,
            badRequest
        ),
        HostileRequest(
            "differing duplicate CL",
            "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
            400,
            badRequest
        ),
        HostileRequest(
            "differing CL list",
            "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 6\r\n\r\nhello!",
            400,
            badRequest
        ),
        HostileRequest("negative CL", "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400, badRequest),
        HostileRequest(
            "non-numeric CL",
            "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n",
            400,
            badRequest
        ),
        HostileRequest(
            "CL with plus sign",
            "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\nhello",
            400,
            badRequest
        ),
        HostileRequest("empty CL", "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: \r\n\r\n", 400, badRequest),
        HostileRequest(
            "absurd CL overflowing 64 bits",
            "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999999\r\n\r\n",
            400,
            badRequest
        ),
        HostileRequest(
            "absurd but valid CL",
            "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 1000000000000\r\n\r\n",
            413,
            "CONTENT_TOO_LARGE"
        ),
        HostileRequest(
            "unsupported TE gzip",
            "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n",
            501,
            "NOT_IMPLEMENTED"
        ),
        HostileRequest(
            "chunked not last",
            "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
            400,
            badRequest
        ),
        HostileRequest(
            "chunked twice",
            "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n",
            400,
            badRequest
        ),
        HostileRequest(
            "TE in HTTP/1.0",
            "POST /echo HTTP/1.0\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            400,
            badRequest
        ),
    ]

    /// Broken chunked bodies.
    static let chunked: [HostileRequest] = [
        chunkedCase("non-hex chunk size", "zz\r\nhello\r\n0\r\n\r\n"),
        chunkedCase("chunk size with junk", "5x\r\nhello\r\n0\r\n\r\n"),
        chunkedCase("negative chunk size", "-5\r\nhello\r\n0\r\n\r\n"),
        chunkedCase("chunk size overflow", "fffffffffffffffff\r\nhello\r\n0\r\n\r\n"),
        chunkedCase("empty chunk size", "\r\nhello\r\n0\r\n\r\n"),
        chunkedCase("chunk data without CRLF", "5\r\nhelloXX0\r\n\r\n"),
        chunkedCase("chunk size with bare LF", "5\nhello\r\n0\r\n\r\n"),
        chunkedCase("oversized chunk extension", "5;" + String(repeating: "x", count: 2000) + "\r\nhello\r\n0\r\n\r\n"),
        HostileRequest(
            "chunked body over the limit",
            "POST /small HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n"
                + String(repeating: "y", count: 32) + "\r\n0\r\n\r\n",
            413,
            "CONTENT_TOO_LARGE"
        ),
    ]

    /// Syntax of the request line and header fields.
    static let syntax: [HostileRequest] = [
        HostileRequest("obs-fold", "GET /hello HTTP/1.1\r\nHost: a\r\nX-Long: one\r\n two\r\n\r\n", 400, badRequest),
        HostileRequest("bare LF line ends", "GET /hello HTTP/1.1\nHost: a\n\n", 400, badRequest),
        HostileRequest("bare CR in header", "GET /hello HTTP/1.1\r\nHost: a\rX: y\r\n\r\n", 400, badRequest),
        HostileRequest("space before colon", "GET /hello HTTP/1.1\r\nHost : a\r\n\r\n", 400, badRequest),
        HostileRequest(
            "non-token header name",
            "GET /hello HTTP/1.1\r\nHost: a\r\nBad(Name: x\r\n\r\n",
            400,
            badRequest
        ),
        HostileRequest("empty header name", "GET /hello HTTP/1.1\r\nHost: a\r\n: x\r\n\r\n", 400, badRequest),
        HostileRequest("header without colon", "GET /hello HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", 400, badRequest),
        HostileRequest("NUL in header value", "GET /hello HTTP/1.1\r\nHost: a\r\nX: a\u{0}b\r\n\r\n", 400, badRequest),
        HostileRequest(
            "control char in header value",
            "GET /hello HTTP/1.1\r\nHost: a\r\nX: a\u{1}b\r\n\r\n",
            400,
            badRequest
        ),
        HostileRequest("DEL in header value", "GET /hello HTTP/1.1\r\nHost: a\r\nX: a\u{7F}b\r\n\r\n", 400, badRequest),
        HostileRequest(
            "invalid UTF-8 in header value",
            bytes: Array("GET /hello HTTP/1.1\r\nHost: a\r\nX: ".utf8) + [0xC3, 0x28, 0xFF] + Array("\r\n\r\n".utf8),
            400,
            badRequest
        ),
        HostileRequest("missing Host", "GET /hello HTTP/1.1\r\n\r\n", 400, badRequest),
        HostileRequest("duplicate Host", "GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, badRequest),
        HostileRequest("request line without version", "GET /hello\r\nHost: a\r\n\r\n", 400, badRequest),
        HostileRequest("double space in request line", "GET  /hello HTTP/1.1\r\nHost: a\r\n\r\n", 400, badRequest),
        HostileRequest("non-token method", "GE(T /hello HTTP/1.1\r\nHost: a\r\n\r\n", 400, badRequest),
        HostileRequest("control byte in target", "GET /he\u{7F}llo HTTP/1.1\r\nHost: a\r\n\r\n", 400, badRequest),
        HostileRequest("NUL in target", "GET /he\u{0}llo HTTP/1.1\r\nHost: a\r\n\r\n", 400, badRequest),
        HostileRequest("HTTP/2.0", "GET /hello HTTP/2.0\r\nHost: a\r\n\r\n", 505, "HTTP_VERSION_NOT_SUPPORTED"),
        HostileRequest("HTTP/1.2", "GET /hello HTTP/1.2\r\nHost: a\r\n\r\n", 505, "HTTP_VERSION_NOT_SUPPORTED"),
        HostileRequest("malformed version", "GET /hello HTTP/1.1.1\r\nHost: a\r\n\r\n", 400, badRequest),
        HostileRequest("lowercase version", "GET /hello http/1.1\r\nHost: a\r\n\r\n", 400, badRequest),
        HostileRequest(
            "binary garbage",
            bytes: [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03, 0x0D, 0x0A, 0x0D, 0x0A],
            400,
            badRequest
        ),
    ]

    /// Size limits: 431 for heads, 413 for bodies.
    static let limits: [HostileRequest] = [
        HostileRequest(
            "oversized header value",
            "GET /hello HTTP/1.1\r\nHost: a\r\nX-Big: " + String(repeating: "v", count: 20_000) + "\r\n\r\n",
            431,
            "REQUEST_HEADER_FIELDS_TOO_LARGE"
        ),
        HostileRequest(
            "oversized request line",
            "GET /" + String(repeating: "p", count: 20_000) + " HTTP/1.1\r\nHost: a\r\n\r\n",
            431,
            "REQUEST_HEADER_FIELDS_TOO_LARGE"
        ),
        HostileRequest(
            "endless header line",
            "GET /hello HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "z", count: 40_000),
            431,
            "REQUEST_HEADER_FIELDS_TOO_LARGE"
        ),
        HostileRequest(
            "101 header fields",
            "GET /hello HTTP/1.1\r\nHost: a\r\n" + (1...100).map { "X-\($0): v\r\n" }.joined() + "\r\n",
            431,
            "REQUEST_HEADER_FIELDS_TOO_LARGE"
        ),
        HostileRequest(
            "body over the default limit",
            "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 2000000\r\n\r\n"
                + String(repeating: "b", count: 100_000),
            413,
            "CONTENT_TOO_LARGE"
        ),
        HostileRequest(
            "body over the route limit",
            "POST /small HTTP/1.1\r\nHost: a\r\nContent-Length: 17\r\n\r\n" + String(repeating: "s", count: 17),
            413,
            "CONTENT_TOO_LARGE"
        ),
        {
            var request = HostileRequest(
                "Expect 100-continue with huge CL",
                "POST /echo HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 50000000\r\n\r\n",
                413,
                "CONTENT_TOO_LARGE"
            )
            request.forbidsContinue = true
            return request
        }(),
    ]

    /// Clients too slow to finish their request: 408 after the (shortened) timeouts.
    static let slow: [HostileRequest] = [
        HostileRequest(
            "slowloris head trickle",
            "GET /hello HTTP/1.1\r\nHost: a\r\nX-A: " + String(repeating: "a", count: 200) + "\r\n\r\n",
            408,
            "REQUEST_TIMEOUT",
            delivery: .trickle(chunk: 2, interval: .milliseconds(50))
        ),
        HostileRequest("stalled head", "GET /hello HTTP/1.1\r\nHost: a\r\n", 408, "REQUEST_TIMEOUT"),
        HostileRequest(
            "stalled body",
            "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nfirst",
            408,
            "REQUEST_TIMEOUT"
        ),
        HostileRequest(
            "body trickle",
            "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789",
            408,
            "REQUEST_TIMEOUT",
            delivery: .trickle(chunk: 1, interval: .milliseconds(700), prefix: 52)
        ),
        HostileRequest(
            "stalled chunked body",
            "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
            408,
            "REQUEST_TIMEOUT"
        ),
    ]

    private static func chunkedCase(_ name: String, _ body: String) -> HostileRequest {
        HostileRequest(
            name,
            "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + body,
            400,
            badRequest
        )
    }
}
