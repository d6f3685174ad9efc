import HTTPCore

/// The JSON body of the responses the server itself sends (parser errors, timeouts):
/// `{"error":{"message":"…","code":"…"}}`, where the code is the status's reason phrase in upper snake
/// case (`BAD_REQUEST`, `CONTENT_TOO_LARGE`, `REQUEST_HEADER_FIELDS_TOO_LARGE`, …).
enum ErrorResponseBody {
    /// The body for `status` with a fixed, non-secret `message`.
    static func make(status: HTTPStatus, message: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + message.utf8.count)
        out.append(contentsOf: #"{"error":{"message":""#.utf8)
        appendEscaped(message, to: &out)
        out.append(contentsOf: #"","code":""#.utf8)
        out.append(contentsOf: code(for: status).utf8)
        out.append(contentsOf: #""}}"#.utf8)
        return out
    }

    /// `Content Too Large` → `CONTENT_TOO_LARGE`.
    static func code(for status: HTTPStatus) -> String {
        let words = status.reasonPhrase.split { !$0.isLetter && !$0.isNumber }
        guard !words.isEmpty else { return "HTTP_\(status.code)" }
        return words.map { $0.uppercased() }.joined(separator: "_")
    }

    private static func appendEscaped(_ string: String, to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case 0..<0x20:
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
    }
}
