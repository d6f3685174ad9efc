import HTTPCore

/// A request checked and translated into what the libcurl options need, built on the caller's thread.
///
/// Everything that can be rejected without I/O is rejected here: a method that is not a token, a URL
/// with control characters, header names that are not tokens and values with CR, LF or NUL (which would
/// let a caller inject extra header lines).
struct PreparedHTTPRequest: Sendable {
    /// How the method and body map onto libcurl's options.
    enum Body: Equatable, Sendable {
        /// `CURLOPT_HTTPGET`: a GET without a body.
        case none
        /// `CURLOPT_NOBODY`: a HEAD request; the response has no body.
        case head
        /// `CURLOPT_CUSTOMREQUEST` without a body (DELETE, OPTIONS, …).
        case customWithoutBody
        /// A body sent with `Content-Length` (`CURLOPT_COPYPOSTFIELDS`).
        case bytes([UInt8])
    }

    var url: String
    var method: String
    var body: Body
    /// `Name: value` lines for `CURLOPT_HTTPHEADER`, including the lines that switch off curl's defaults.
    var headerLines: [String]
    var timeoutMilliseconds: Int
    var connectTimeoutMilliseconds: Int

    init(
        _ request: HTTPClientRequest,
        timeout: Duration,
        configuration: HTTPClientConfiguration
    )
        throws(HTTPClientError)
    {
        let method = request.method.rawValue
        guard !method.isEmpty, method.utf8.allSatisfy(Self.isTokenByte) else {
            throw HTTPClientError(code: .invalidRequest, reason: "method is not a token")
        }
        guard !request.url.isEmpty, request.url.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else {
            throw HTTPClientError(code: .invalidURL, reason: "URL is empty or contains spaces or control characters")
        }
        url = request.url
        self.method = method

        switch (request.method, request.body) {
        case (.head, _): body = .head
        case (.get, nil): body = .none
        case (.post, nil), (.put, nil), (.patch, nil): body = .bytes([])
        case (_, nil): body = .customWithoutBody
        case (_, let bytes?): body = .bytes(bytes)
        }

        var lines: [String] = []
        for field in request.headers {
            guard !field.name.isEmpty, field.name.utf8.allSatisfy(Self.isTokenByte) else {
                throw HTTPClientError(code: .invalidRequest, reason: "header name is not a token")
            }
            guard !field.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
                throw HTTPClientError(code: .invalidRequest, reason: "header value contains CR, LF or NUL")
            }
            // `Name:` alone would remove curl's own header; `Name;` sends it with an empty value.
            lines.append(field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)")
        }
        // Never `Expect: 100-continue`: it costs a round trip (or a 1 s stall against servers that ignore it).
        if !request.headers.contains("Expect") { lines.append("Expect:") }
        // curl labels a body `application/x-www-form-urlencoded` unless told otherwise.
        if case .bytes = body, !request.headers.contains("Content-Type") { lines.append("Content-Type:") }
        headerLines = lines

        timeoutMilliseconds = Self.milliseconds(timeout)
        connectTimeoutMilliseconds = min(timeoutMilliseconds, Self.milliseconds(configuration.connectTimeout))
    }

    /// A positive millisecond count (libcurl treats 0 as "no timeout", so anything shorter becomes 1 ms).
    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 1 }
        guard seconds < Int64(Int32.max) / 1000 else { return Int(Int32.max) }
        return Int(max(1, seconds * 1000 + attoseconds / 1_000_000_000_000_000))
    }

    /// RFC 9110 `tchar`.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}
