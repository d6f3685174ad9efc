import HTTPCore

/// Serialises an ``HTTPUpstreamRequest`` into HTTP/1.1 bytes, validating everything that could split or
/// smuggle a request (CR, LF, NUL and other controls; non-origin-form targets).
///
/// Framing is the client's: hop-by-hop fields (`Connection`, `Keep-Alive`, `Transfer-Encoding`, `TE`,
/// `Upgrade`, `Proxy-Connection`, the fields `Connection` names) and any given `Content-Length` are
/// dropped, and `Content-Length` is set from the body (always for POST, PUT and PATCH, even 0).
enum UpstreamRequestEncoder {
    /// Bodies up to this size are copied behind the head so the request leaves in one `send`.
    static let coalesceLimit = 16 * 1024

    /// The encoded request: the head (with the body appended when small) and the rest of the body.
    struct Encoded: Sendable {
        var head: [UInt8]
        var body: [UInt8]
    }

    static func encode(
        _ request: HTTPUpstreamRequest,
        to address: HTTPUpstreamAddress
    ) throws(HTTPUpstreamError) -> Encoded {
        let method = request.method.rawValue
        guard !method.isEmpty, method.utf8.allSatisfy(isTokenByte) else {
            throw invalid("The method is not a token")
        }
        guard request.target.utf8.first == UInt8(ascii: "/"), request.target.utf8.allSatisfy(isTargetByte) else {
            throw invalid("The target is not origin-form or has forbidden bytes")
        }
        let nominated = connectionNominated(request.headers)

        var bytes: [UInt8] = []
        bytes.reserveCapacity(256 + (request.body.count <= coalesceLimit ? request.body.count : 0))
        bytes.append(contentsOf: method.utf8)
        bytes.append(UInt8(ascii: " "))
        bytes.append(contentsOf: request.target.utf8)
        bytes.append(contentsOf: " HTTP/1.1\r\n".utf8)
        var hasHost = false
        for field in request.headers {
            guard !field.name.isEmpty, field.name.utf8.allSatisfy(isTokenByte) else {
                throw invalid("A header name is not a token")
            }
            guard field.value.utf8.allSatisfy(isValueByte) else {
                throw invalid("A header value contains CR, LF, NUL or another control character")
            }
            if isHopByHop(field.name) || nominated.contains(where: { $0.equalsIgnoringASCIICase(field.name) }) {
                continue
            }
            if field.name.equalsIgnoringASCIICase("host") { hasHost = true }
            append(field.name, field.value, to: &bytes)
        }
        if !hasHost { append("Host", address.hostField, to: &bytes) }
        if !request.body.isEmpty || [.post, .put, .patch].contains(request.method) {
            append("Content-Length", String(request.body.count), to: &bytes)
        }
        bytes.append(contentsOf: "\r\n".utf8)
        if request.body.count <= coalesceLimit {
            bytes.append(contentsOf: request.body)
            return Encoded(head: bytes, body: [])
        }
        return Encoded(head: bytes, body: request.body)
    }

    private static func append(_ name: String, _ value: String, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: name.utf8)
        bytes.append(contentsOf: ": ".utf8)
        bytes.append(contentsOf: value.utf8)
        bytes.append(contentsOf: "\r\n".utf8)
    }

    /// The field names listed in `Connection` fields, which are hop-by-hop too (RFC 9110 §7.6.1).
    private static func connectionNominated(_ headers: HTTPFields) -> [Substring] {
        var names: [Substring] = []
        for value in headers.values(for: "Connection") {
            for token in value.split(separator: ",") {
                let trimmed = token[...].trimmingASCIIWhitespace()
                if !trimmed.isEmpty { names.append(trimmed) }
            }
        }
        return names
    }

    private static let hopByHop: [String] = [
        "connection", "keep-alive", "transfer-encoding", "te", "upgrade", "proxy-connection", "content-length",
    ]

    private static func isHopByHop(_ name: String) -> Bool {
        hopByHop.contains { $0.equalsIgnoringASCIICase(name) }
    }

    private static func invalid(_ message: String) -> HTTPUpstreamError {
        HTTPUpstreamError(.invalidRequest, message)
    }

    /// `tchar` (RFC 9110 §5.6.2).
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// HTAB, SP, VCHAR and obs-text: everything but controls and DEL.
    private static func isValueByte(_ byte: UInt8) -> Bool { byte >= 0x20 ? byte != 0x7F : byte == 0x09 }

    /// Visible ASCII only: a space, control or non-ASCII byte in a target could split the request line.
    private static func isTargetByte(_ byte: UInt8) -> Bool { byte &- 0x21 < 0x5E }
}

extension Substring {
    /// Case-insensitive comparison with a field name.
    fileprivate func equalsIgnoringASCIICase(_ other: String) -> Bool {
        String(self).equalsIgnoringASCIICase(other)
    }
}
