extension HTTPRequestParser {
    /// Parses `chunk-size [ chunk-ext ] CRLF`.
    ///
    /// An incomplete line is validated as far as it goes, so junk or an oversized size or extension is
    /// refused at once instead of being buffered until a CRLF arrives.
    ///
    /// - Returns: the chunk size, or `nil` when the line is not complete yet.
    mutating func parseChunkSizeLine() throws(HTTPParserError) -> Int? {
        let bytes = buffer
        return try bytes.withUnsafeBufferPointer { (buffer) throws(HTTPParserError) -> Int? in
            let start = readIndex
            let lineEnd = try findLineEnd(in: buffer)
            let line = UnsafeBufferPointer(rebasing: buffer[start..<(lineEnd ?? start + scanOffset)])
            let size = try Self.chunkSize(
                of: line,
                isComplete: lineEnd != nil,
                maxExtensionBytes: limits.maxChunkExtensionBytes
            )
            guard let lineEnd else { return nil }
            readIndex = lineEnd + 2
            scanOffset = 0
            return size
        }
    }

    /// Consumes the CRLF after chunk data; `false` when it has not fully arrived.
    mutating func consumeChunkDataEnd() throws(HTTPParserError) -> Bool {
        let available = buffer.count - readIndex
        guard available > 0 else { return false }
        guard buffer[readIndex] == HTTPSyntax.cr else { throw HTTPParserError(.invalidChunkFraming) }
        guard available > 1 else { return false }
        guard buffer[readIndex + 1] == HTTPSyntax.lf else { throw HTTPParserError(.invalidChunkFraming) }
        readIndex += 2
        return true
    }

    /// The most hex digits a chunk size may have: 15 digits stay below 2^60, far from overflow.
    private static let maxChunkSizeDigits = 15

    /// Validates a (possibly incomplete) chunk-size line without its CRLF.
    ///
    /// - Returns: the size when `isComplete`, else `nil`.
    static func chunkSize(
        of line: UnsafeBufferPointer<UInt8>,
        isComplete: Bool,
        maxExtensionBytes: Int
    ) throws(HTTPParserError) -> Int? {
        var index = 0
        var size = 0
        while index < line.count, let digit = HTTPSyntax.hexValue(line[index]) {
            guard index < maxChunkSizeDigits else { throw HTTPParserError(.invalidChunkSize) }
            size = size << 4 | digit
            index += 1
        }
        if index == line.count {
            guard isComplete else { return nil }
            guard index > 0 else { throw HTTPParserError(.invalidChunkSize) }
            return size
        }
        guard index > 0 else { throw HTTPParserError(.invalidChunkSize) }

        // chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] ); it is ignored, so it is only
        // bounded and checked for control characters.
        guard line.count - index <= maxExtensionBytes else { throw HTTPParserError(.chunkExtensionTooLarge) }
        var sawSemicolon = false
        for byte in UnsafeBufferPointer(rebasing: line[index...]) {
            if sawSemicolon {
                guard HTTPSyntax.isFieldValueChar(byte) else { throw HTTPParserError(.invalidChunkFraming) }
            } else if byte == UInt8(ascii: ";") {
                sawSemicolon = true
            } else if !HTTPSyntax.isWhitespace(byte) {
                throw HTTPParserError(.invalidChunkSize)
            }
        }
        guard isComplete else { return nil }
        guard sawSemicolon else { throw HTTPParserError(.invalidChunkSize) }
        return size
    }
}
