extension HTTPRequestParser {
    /// What a run of ``parseLines()`` achieved.
    enum LineOutcome {
        case needMore
        case head(HTTPRequestHead)
        case trailersDone
    }

    /// Consumes complete lines of the head (or of the trailer section) until the block ends or input runs
    /// out.
    ///
    /// Every line is validated as soon as its CRLF arrives, so a malformed request line is refused without
    /// waiting for the rest of the head; an unterminated line is refused (431) once the head's buffered
    /// bytes exceed ``HTTPParserLimits/maxHeaderBytes``.
    mutating func parseLines() throws(HTTPParserError) -> LineOutcome {
        // A second reference keeps `self` free for mutation while the bytes are borrowed; `buffer` itself
        // is never mutated during parsing, so no copy happens.
        let bytes = buffer
        return try bytes.withUnsafeBufferPointer { (buffer) throws(HTTPParserError) -> LineOutcome in
            while true {
                let start = readIndex
                guard let end = try findLineEnd(in: buffer) else {
                    if headBytes + (buffer.count - start) > limits.maxHeaderBytes {
                        throw HTTPParserError(.headersTooLarge)
                    }
                    return .needMore
                }
                headBytes += end - start + 2
                guard headBytes <= limits.maxHeaderBytes else { throw HTTPParserError(.headersTooLarge) }
                readIndex = end + 2
                scanOffset = 0
                let line = UnsafeBufferPointer(rebasing: buffer[start..<end])
                switch state {
                case .requestLine:
                    // RFC 9112 §2.2: ignore empty lines before a request line (they still count as head bytes).
                    guard !line.isEmpty else { continue }
                    try parseRequestLine(line)
                    state = .headerLines
                case .headerLines:
                    if line.isEmpty { return .head(try finishHead()) }
                    try parseFieldLine(line, isTrailer: false)
                default:
                    if line.isEmpty { return .trailersDone }
                    try parseFieldLine(line, isTrailer: true)
                }
            }
        }
    }

    /// Finds the CR of the next CRLF after `readIndex`, resuming where the previous scan stopped.
    ///
    /// - Returns: the index of the CR, or `nil` when no complete CRLF is buffered yet.
    /// - Throws: ``HTTPParserError/Code/bareLineTerminator`` for an LF without CR or a CR without LF.
    mutating func findLineEnd(in buffer: UnsafeBufferPointer<UInt8>) throws(HTTPParserError) -> Int? {
        var index = readIndex + scanOffset
        let count = buffer.count
        while true {
            index = HTTPSyntax.firstByteAtMostCR(in: buffer, from: index)
            guard index < count else { break }
            let byte = buffer[index]
            if byte == HTTPSyntax.lf { throw HTTPParserError(.bareLineTerminator) }
            if byte == HTTPSyntax.cr {
                guard index + 1 < count else { break }
                guard buffer[index + 1] == HTTPSyntax.lf else { throw HTTPParserError(.bareLineTerminator) }
                return index
            }
            index += 1
        }
        scanOffset = index - readIndex
        return nil
    }

    /// Parses `method SP request-target SP HTTP-version` into ``partial``.
    private mutating func parseRequestLine(_ line: UnsafeBufferPointer<UInt8>) throws(HTTPParserError) {
        let count = line.count
        var methodEnd = 0
        while methodEnd < count, line[methodEnd] != HTTPSyntax.space { methodEnd += 1 }
        guard methodEnd > 0, methodEnd < count else { throw HTTPParserError(.invalidRequestLine) }
        let method = UnsafeBufferPointer(rebasing: line[..<methodEnd])
        for byte in method where !HTTPSyntax.isTokenChar(byte) { throw HTTPParserError(.invalidMethod) }

        let targetStart = methodEnd + 1
        var targetEnd = targetStart
        while targetEnd < count, line[targetEnd] != HTTPSyntax.space {
            guard HTTPSyntax.isVisibleASCII(line[targetEnd]) else { throw HTTPParserError(.invalidTarget) }
            targetEnd += 1
        }
        guard targetEnd > targetStart, targetEnd < count else { throw HTTPParserError(.invalidRequestLine) }
        let target = UnsafeBufferPointer(rebasing: line[targetStart..<targetEnd])

        let versionBytes = UnsafeBufferPointer(rebasing: line[(targetEnd + 1)...])
        guard !versionBytes.isEmpty, !versionBytes.contains(HTTPSyntax.space) else {
            throw HTTPParserError(.invalidRequestLine)
        }
        let version = try Self.parseVersion(versionBytes)
        let parsedMethod = Self.makeMethod(method)
        try Self.validateTargetForm(target, method: parsedMethod)

        partial.method = parsedMethod
        partial.target = HTTPSyntax.makeString(target)
        partial.version = version
        partial.fields.reserveCapacity(16)
    }

    /// Parses `name ":" OWS value OWS` and records it (or, for a trailer, only validates it).
    private mutating func parseFieldLine(
        _ line: UnsafeBufferPointer<UInt8>,
        isTrailer: Bool
    ) throws(HTTPParserError) {
        guard !HTTPSyntax.isWhitespace(line[0]) else { throw HTTPParserError(.obsoleteLineFolding) }
        var colon = 0
        while colon < line.count, HTTPSyntax.isTokenChar(line[colon]) { colon += 1 }
        // Whitespace before the colon is rejected, not trimmed (RFC 9112 §5.1): proxies disagree about it.
        guard colon > 0, colon < line.count, line[colon] == HTTPSyntax.colon else {
            throw HTTPParserError(.invalidHeaderName)
        }
        fieldCount += 1
        guard fieldCount <= limits.maxHeaderCount else { throw HTTPParserError(.tooManyHeaders) }

        let name = UnsafeBufferPointer(rebasing: line[..<colon])
        let value = HTTPSyntax.trimmed(UnsafeBufferPointer(rebasing: line[(colon + 1)...]))
        let valueString: String
        if HTTPSyntax.isSpaceOrVisibleASCII(value) {
            valueString = HTTPSyntax.makeString(value)
        } else {
            valueString = try Self.makeNonPlainValue(value)
        }
        guard !isTrailer else { return }
        try noteFramingField(name: name, value: value)
        partial.fields.add(Self.makeFieldName(name), valueString)
    }

    /// Validates a value that has HTAB, obs-text or forbidden bytes, and decodes it.
    static func makeNonPlainValue(_ value: UnsafeBufferPointer<UInt8>) throws(HTTPParserError) -> String {
        var orOfBytes: UInt8 = 0
        for byte in value {
            guard HTTPSyntax.isFieldValueChar(byte) else { throw HTTPParserError(.invalidHeaderValue) }
            orOfBytes |= byte
        }
        guard orOfBytes & 0x80 != 0 else { return HTTPSyntax.makeString(value) }
        guard let validated = String(validating: value, as: UTF8.self) else { throw HTTPParserError(.invalidUTF8) }
        return validated
    }

    /// Validates the framing and `Host` rules of the completed head and moves to the body.
    private mutating func finishHead() throws(HTTPParserError) -> HTTPRequestHead {
        let framing = try partial.bodyFraming()
        if partial.hostCount > 1 { throw HTTPParserError(.duplicateHost) }
        if partial.hostCount == 0 && partial.version == .http1_1 { throw HTTPParserError(.missingHost) }
        self.framing = framing
        state = .bodyStart
        let head = HTTPRequestHead(
            method: partial.method,
            target: partial.target,
            version: partial.version,
            headers: partial.fields
        )
        // Reset what header lines accumulate (releasing the fields so the head owns them uniquely); the
        // next request line overwrites method, target and version.
        partial.fields = HTTPFields()
        partial.hostCount = 0
        partial.contentLength = nil
        partial.transferEncoding = nil
        return head
    }

    /// Returns a shared ``HTTPMethod`` for the common methods, avoiding a String per request.
    private static func makeMethod(_ bytes: UnsafeBufferPointer<UInt8>) -> HTTPMethod {
        switch bytes.count {
        case 3:
            if HTTPSyntax.equals(bytes, "GET") { return .get }
            if HTTPSyntax.equals(bytes, "PUT") { return .put }
        case 4:
            if HTTPSyntax.equals(bytes, "POST") { return .post }
            if HTTPSyntax.equals(bytes, "HEAD") { return .head }
        case 5:
            if HTTPSyntax.equals(bytes, "PATCH") { return .patch }
        case 6:
            if HTTPSyntax.equals(bytes, "DELETE") { return .delete }
        case 7:
            if HTTPSyntax.equals(bytes, "OPTIONS") { return .options }
        default:
            break
        }
        return HTTPMethod(rawValue: HTTPSyntax.makeString(bytes))
    }

    /// Returns an immortal String literal for the most common field names (exact case, as sent), which
    /// costs nothing to create or release; other names get a new String.
    private static func makeFieldName(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        switch bytes.count {
        case 4:
            if HTTPSyntax.equals(bytes, "Host") { return "Host" }
            if HTTPSyntax.equals(bytes, "host") { return "host" }
        case 6:
            if HTTPSyntax.equals(bytes, "Accept") { return "Accept" }
            if HTTPSyntax.equals(bytes, "Cookie") { return "Cookie" }
            if HTTPSyntax.equals(bytes, "Origin") { return "Origin" }
            if HTTPSyntax.equals(bytes, "Expect") { return "Expect" }
        case 10:
            if HTTPSyntax.equals(bytes, "User-Agent") { return "User-Agent" }
            if HTTPSyntax.equals(bytes, "Connection") { return "Connection" }
        case 12:
            if HTTPSyntax.equals(bytes, "Content-Type") { return "Content-Type" }
            if HTTPSyntax.equals(bytes, "X-Request-Id") { return "X-Request-Id" }
        case 13:
            if HTTPSyntax.equals(bytes, "Authorization") { return "Authorization" }
            if HTTPSyntax.equals(bytes, "Cache-Control") { return "Cache-Control" }
        case 14:
            if HTTPSyntax.equals(bytes, "Content-Length") { return "Content-Length" }
        case 15:
            if HTTPSyntax.equals(bytes, "Accept-Encoding") { return "Accept-Encoding" }
            if HTTPSyntax.equals(bytes, "Accept-Language") { return "Accept-Language" }
        case 17:
            if HTTPSyntax.equals(bytes, "Transfer-Encoding") { return "Transfer-Encoding" }
        default:
            break
        }
        return HTTPSyntax.makeString(bytes)
    }

    /// Accepts origin-form (`/…`), absolute-form (`http://…`, `https://…`) and `*` for OPTIONS only.
    private static func validateTargetForm(
        _ target: UnsafeBufferPointer<UInt8>,
        method: HTTPMethod
    ) throws(HTTPParserError) {
        switch target[0] {
        case UInt8(ascii: "/"):
            return
        case UInt8(ascii: "*") where target.count == 1 && method == .options:
            return
        default:
            for scheme: StaticString in ["http://", "https://"] where target.count > scheme.utf8CodeUnitCount {
                let prefix = UnsafeBufferPointer(rebasing: target[..<scheme.utf8CodeUnitCount])
                if HTTPSyntax.equalsIgnoringCase(prefix, scheme) { return }
            }
            throw HTTPParserError(.invalidTarget)
        }
    }

    /// Parses `HTTP/DIGIT.DIGIT`, accepting only 1.0 and 1.1.
    ///
    /// Well-formed other versions (`HTTP/2.0`, `HTTP/1.2`, `HTTP/3`) are 505; anything else is 400.
    private static func parseVersion(_ bytes: UnsafeBufferPointer<UInt8>) throws(HTTPParserError) -> HTTPVersion {
        func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }
        guard bytes.count >= 6, HTTPSyntax.equals(UnsafeBufferPointer(rebasing: bytes[..<5]), "HTTP/") else {
            throw HTTPParserError(.invalidVersion)
        }
        if bytes.count == 8, isDigit(bytes[5]), bytes[6] == UInt8(ascii: "."), isDigit(bytes[7]) {
            let version = HTTPVersion(major: Int(bytes[5] &- 0x30), minor: Int(bytes[7] &- 0x30))
            guard version == .http1_1 || version == .http1_0 else { throw HTTPParserError(.unsupportedVersion) }
            return version
        }
        // HTTP/2 and HTTP/3 are written without a minor version.
        if bytes.count == 6, isDigit(bytes[5]), bytes[5] >= UInt8(ascii: "2") {
            throw HTTPParserError(.unsupportedVersion)
        }
        throw HTTPParserError(.invalidVersion)
    }
}
