extension HTTPResponseParser {
    /// The status line and fields parsed so far, plus what framing and keep-alive depend on.
    struct PartialHead: Sendable {
        var version = HTTPVersion.http1_1
        var status = HTTPStatus.ok
        var fields = HTTPFields()
        var contentLength: Int?
        var transferEncoding: HTTPRequestParser.PartialHead.TransferEncoding?
        var hasConnectionClose = false
        var hasConnectionKeepAlive = false
        /// The framing decided when the head completed.
        var framing = BodyFraming.none
    }

    /// What a run of ``parseLines()`` achieved.
    enum LineOutcome {
        case needMore
        case head(Head)
        case trailersDone
    }

    /// Consumes complete lines of the head (or of the trailer section) until the block ends or input runs
    /// out; every line is validated as soon as its CRLF arrives.
    mutating func parseLines() throws(HTTPResponseParserError) -> LineOutcome {
        // A second reference keeps `self` free for mutation while the bytes are borrowed (no copy: `buffer`
        // itself is not mutated while parsing).
        let bytes = buffer
        return try bytes.withUnsafeBufferPointer { (buffer) throws(HTTPResponseParserError) -> LineOutcome in
            while true {
                let start = readIndex
                guard let end = try findLineEnd(in: buffer) else {
                    if headBytes + (buffer.count - start) > limits.maxHeaderBytes {
                        throw HTTPResponseParserError(.headersTooLarge)
                    }
                    return .needMore
                }
                headBytes += end - start + 2
                guard headBytes <= limits.maxHeaderBytes else { throw HTTPResponseParserError(.headersTooLarge) }
                readIndex = end + 2
                scanOffset = 0
                let line = UnsafeBufferPointer(rebasing: buffer[start..<end])
                switch state {
                case .statusLine:
                    try parseStatusLine(line)
                    state = .headerLines
                case .headerLines:
                    guard line.isEmpty else {
                        try parseFieldLine(line, isTrailer: false)
                        continue
                    }
                    if let head = try finishHead() { return .head(head) }
                case .trailers:
                    if line.isEmpty { return .trailersDone }
                    try parseFieldLine(line, isTrailer: true)
                default:
                    preconditionFailure("parseLines called in a body state")
                }
            }
        }
    }

    /// Finds the CR of the next CRLF after `readIndex`, resuming where the previous scan stopped.
    ///
    /// - Throws: ``HTTPResponseParserError/Code/bareLineTerminator`` for a lone LF or CR.
    mutating func findLineEnd(in buffer: UnsafeBufferPointer<UInt8>) throws(HTTPResponseParserError) -> Int? {
        var index = readIndex + scanOffset
        let count = buffer.count
        while true {
            index = HTTPSyntax.firstByteAtMostCR(in: buffer, from: index)
            guard index < count else { break }
            let byte = buffer[index]
            if byte == HTTPSyntax.lf { throw HTTPResponseParserError(.bareLineTerminator) }
            if byte == HTTPSyntax.cr {
                guard index + 1 < count else { break }
                guard buffer[index + 1] == HTTPSyntax.lf else { throw HTTPResponseParserError(.bareLineTerminator) }
                return index
            }
            index += 1
        }
        scanOffset = index - readIndex
        return nil
    }

    /// Parses `HTTP-version SP 3DIGIT [SP reason-phrase]` into ``partial``.
    ///
    /// A missing reason phrase is accepted with or without its space (both occur in the wild).
    private mutating func parseStatusLine(_ line: UnsafeBufferPointer<UInt8>) throws(HTTPResponseParserError) {
        func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }
        guard line.count >= 12, line[8] == HTTPSyntax.space else {
            throw HTTPResponseParserError(.invalidStatusLine)
        }
        let version = UnsafeBufferPointer(rebasing: line[..<8])
        guard HTTPSyntax.equals(UnsafeBufferPointer(rebasing: version[..<5]), "HTTP/"), isDigit(version[5]),
            version[6] == UInt8(ascii: "."), isDigit(version[7])
        else { throw HTTPResponseParserError(.invalidVersion) }
        partial.version = HTTPVersion(major: Int(version[5] &- 0x30), minor: Int(version[7] &- 0x30))
        guard partial.version == .http1_1 || partial.version == .http1_0 else {
            throw HTTPResponseParserError(.unsupportedVersion)
        }
        guard isDigit(line[9]), isDigit(line[10]), isDigit(line[11]) else {
            throw HTTPResponseParserError(.invalidStatusLine)
        }
        let code = Int(line[9] &- 0x30) * 100 + Int(line[10] &- 0x30) * 10 + Int(line[11] &- 0x30)
        guard (100...599).contains(code) else { throw HTTPResponseParserError(.invalidStatus) }
        var reason = ""
        if line.count > 12 {
            guard line[12] == HTTPSyntax.space else { throw HTTPResponseParserError(.invalidStatusLine) }
            let phrase = UnsafeBufferPointer(rebasing: line[13...])
            for byte in phrase where !HTTPSyntax.isFieldValueChar(byte) {
                throw HTTPResponseParserError(.invalidStatusLine)
            }
            reason = String(decoding: phrase, as: UTF8.self)
        }
        partial.status = HTTPStatus(code: code, reasonPhrase: reason)
    }

    /// Parses `name ":" OWS value OWS` and records it (or, for a trailer, only validates it).
    private mutating func parseFieldLine(
        _ line: UnsafeBufferPointer<UInt8>,
        isTrailer: Bool
    ) throws(HTTPResponseParserError) {
        guard !HTTPSyntax.isWhitespace(line[0]) else { throw HTTPResponseParserError(.obsoleteLineFolding) }
        var colon = 0
        while colon < line.count, HTTPSyntax.isTokenChar(line[colon]) { colon += 1 }
        guard colon > 0, colon < line.count, line[colon] == HTTPSyntax.colon else {
            throw HTTPResponseParserError(.invalidHeaderName)
        }
        fieldCount += 1
        guard fieldCount <= limits.maxHeaderCount else { throw HTTPResponseParserError(.tooManyHeaders) }

        let name = UnsafeBufferPointer(rebasing: line[..<colon])
        let value = HTTPSyntax.trimmed(UnsafeBufferPointer(rebasing: line[(colon + 1)...]))
        do throws(HTTPParserError) {
            let valueString =
                HTTPSyntax.isSpaceOrVisibleASCII(value)
                ? HTTPSyntax.makeString(value) : try HTTPRequestParser.makeNonPlainValue(value)
            guard !isTrailer else { return }
            try noteFramingField(name: name, value: value)
            partial.fields.add(HTTPSyntax.makeString(name), valueString)
        } catch {
            throw HTTPResponseParserError(error)
        }
    }

    /// Records `Content-Length`, `Transfer-Encoding` and `Connection` for framing and keep-alive.
    private mutating func noteFramingField(
        name: UnsafeBufferPointer<UInt8>,
        value: UnsafeBufferPointer<UInt8>
    ) throws(HTTPParserError) {
        switch name.count {
        case 10 where HTTPSyntax.equalsIgnoringCase(name, "connection"):
            noteConnectionTokens(value)
        case 14 where HTTPSyntax.equalsIgnoringCase(name, "content-length"):
            let length = try HTTPRequestParser.parseContentLength(value)
            if let existing = partial.contentLength, existing != length {
                throw HTTPParserError(.conflictingContentLength)
            }
            partial.contentLength = length
        case 17 where HTTPSyntax.equalsIgnoringCase(name, "transfer-encoding"):
            HTTPRequestParser.noteTransferCodings(value, into: &partial.transferEncoding)
        default:
            break
        }
    }

    /// Notes the `close` and `keep-alive` options of a `Connection` field.
    private mutating func noteConnectionTokens(_ value: UnsafeBufferPointer<UInt8>) {
        var start = 0
        while start <= value.count {
            var end = start
            while end < value.count, value[end] != UInt8(ascii: ",") { end += 1 }
            let token = HTTPSyntax.trimmed(UnsafeBufferPointer(rebasing: value[start..<end]))
            if HTTPSyntax.equalsIgnoringCase(token, "close") { partial.hasConnectionClose = true }
            if HTTPSyntax.equalsIgnoringCase(token, "keep-alive") { partial.hasConnectionKeepAlive = true }
            start = end + 1
        }
    }

    /// Validates the framing of the completed head; skips an interim 1xx response (returning `nil`).
    private mutating func finishHead() throws(HTTPResponseParserError) -> Head? {
        let code = partial.status.code
        if code == 101 { throw HTTPResponseParserError(.unexpectedUpgrade) }
        if code < 200 {
            // Interim responses (100 Continue, 103 Early Hints) precede the final one; their head bytes keep
            // counting against the limit, so a flood of them is bounded too.
            partial = PartialHead()
            state = .statusLine
            return nil
        }
        let framing = try decideFraming()
        partial.framing = framing
        state = .bodyStart
        let isKeepAlive: Bool
        if framing == .untilClose || partial.hasConnectionClose {
            isKeepAlive = false
        } else {
            isKeepAlive = partial.version == .http1_1 || partial.hasConnectionKeepAlive
        }
        let head = Head(
            version: partial.version,
            status: partial.status,
            headers: partial.fields,
            bodyFraming: framing,
            isKeepAlive: isKeepAlive
        )
        partial.fields = HTTPFields()
        return head
    }

    /// Decides the body framing (RFC 9112 §6.3), refusing every ambiguous combination even where the
    /// status means there is no body.
    private func decideFraming() throws(HTTPResponseParserError) -> BodyFraming {
        if let transferEncoding = partial.transferEncoding {
            if partial.contentLength != nil { throw HTTPResponseParserError(.contentLengthWithTransferEncoding) }
            if partial.version == .http1_0 { throw HTTPResponseParserError(.transferEncodingInHTTP10) }
            if transferEncoding.isMalformed || transferEncoding.chunkedCount > 1 {
                throw HTTPResponseParserError(.invalidTransferEncoding)
            }
        }
        if requestMethod == .head || !partial.status.mayHaveBody { return .none }
        if let transferEncoding = partial.transferEncoding {
            // A proxy that strips Transfer-Encoding cannot pass on a coding it does not decode (gzip, or
            // chunked not last, which would be close-delimited): refuse instead of corrupting the body.
            guard transferEncoding.chunkedCount == 1, transferEncoding.isChunkedLast,
                !transferEncoding.hasUnknownCoding
            else { throw HTTPResponseParserError(.unsupportedTransferEncoding) }
            return .chunked
        }
        if let length = partial.contentLength {
            guard length <= limits.maxBodyBytes else { throw HTTPResponseParserError(.bodyTooLarge) }
            return .length(length)
        }
        return .untilClose
    }
}
