import HTTPCore

/// Collects the final response's status line and header fields from the lines libcurl passes to its
/// header callback.
///
/// libcurl reports every response it reads, one line at a time with the line ending included: interim
/// `1xx` responses, redirects it follows, a proxy's `CONNECT` reply, then the final response, and after a
/// chunked body its trailers. Each status line starts a new response and discards the previous one, so
/// what remains at the end is the final response. Lines after the blank line ending a head (trailers) are
/// ignored. Obsolete line folding (a line starting with a space or tab) continues the previous value.
struct ResponseHeadParser: Sendable {
    /// What one line meant.
    enum Event: Equatable, Sendable {
        /// A status line: a new response starts (the caller discards any body collected so far).
        case responseStarted
        /// A header field or continuation line of the current head.
        case field
        /// The blank line ending the current head.
        case headEnded
        /// A line that is not part of a head (trailer, junk before a status line).
        case ignored
    }

    /// The current response's status, once a status line has been seen.
    private(set) var status: HTTPStatus?
    /// Whether the current head has ended.
    private(set) var isHeadComplete = false
    private var fields: [(String, String)] = []

    /// Creates an empty parser.
    init() {}

    /// The current response's header fields, in order with duplicates.
    var headers: HTTPFields { HTTPFields(fields) }

    /// Parses one line (line ending included or not).
    mutating func feed(_ bytes: some Collection<UInt8>) -> Event {
        var line = Array(bytes)
        while let last = line.last, last == UInt8(ascii: "\r") || last == UInt8(ascii: "\n") { line.removeLast() }
        if line.starts(with: Array("HTTP/".utf8)) {
            guard let status = Self.parseStatusLine(line) else { return .ignored }
            self.status = status
            fields = []
            isHeadComplete = false
            return .responseStarted
        }
        guard status != nil, !isHeadComplete else { return .ignored }
        if line.isEmpty {
            isHeadComplete = true
            return .headEnded
        }
        if line[0] == UInt8(ascii: " ") || line[0] == UInt8(ascii: "\t") {
            guard !fields.isEmpty else { return .ignored }
            let continuation = Self.trimmed(line[...])
            fields[fields.count - 1].1 += fields[fields.count - 1].1.isEmpty ? continuation : " " + continuation
            return .field
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0 else { return .ignored }
        let name = String(decoding: line[..<colon], as: UTF8.self)
        fields.append((name, Self.trimmed(line[(colon + 1)...])))
        return .field
    }

    /// `HTTP/1.1 200 OK` → status 200 with reason `OK`; `HTTP/2 204` → 204 with its standard reason.
    private static func parseStatusLine(_ line: [UInt8]) -> HTTPStatus? {
        let parts = line.split(separator: UInt8(ascii: " "), maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[1].count == 3, parts[1].allSatisfy({ (0x30...0x39).contains($0) }),
            let code = Int(String(decoding: parts[1], as: UTF8.self))
        else { return nil }
        let reason = parts.count == 3 ? trimmed(parts[2]) : ""
        return HTTPStatus(code: code, reasonPhrase: reason.isEmpty ? nil : reason)
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> String {
        var slice = bytes
        while let first = slice.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
            slice.removeFirst()
        }
        while let last = slice.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { slice.removeLast() }
        return String(decoding: slice, as: UTF8.self)
    }
}
