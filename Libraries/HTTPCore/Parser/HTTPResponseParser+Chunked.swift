extension HTTPResponseParser {
    /// Parses `chunk-size [ chunk-ext ] CRLF` with the request parser's validation (extensions tolerated
    /// and bounded, at most 15 hex digits).
    ///
    /// - Returns: the chunk size, or `nil` when the line is not complete yet.
    mutating func parseChunkSizeLine() throws(HTTPResponseParserError) -> Int? {
        let bytes = buffer
        return try bytes.withUnsafeBufferPointer { (buffer) throws(HTTPResponseParserError) -> Int? in
            let start = readIndex
            let lineEnd = try findLineEnd(in: buffer)
            let line = UnsafeBufferPointer(rebasing: buffer[start..<(lineEnd ?? start + scanOffset)])
            let size: Int?
            do throws(HTTPParserError) {
                size = try HTTPRequestParser.chunkSize(
                    of: line,
                    isComplete: lineEnd != nil,
                    maxExtensionBytes: limits.maxChunkExtensionBytes
                )
            } catch {
                throw HTTPResponseParserError(error)
            }
            guard let lineEnd else { return nil }
            readIndex = lineEnd + 2
            scanOffset = 0
            return size
        }
    }

    /// Consumes the CRLF after chunk data; `false` when it has not fully arrived.
    mutating func consumeChunkDataEnd() throws(HTTPResponseParserError) -> Bool {
        let available = buffer.count - readIndex
        guard available > 0 else { return false }
        guard buffer[readIndex] == HTTPSyntax.cr else { throw HTTPResponseParserError(.invalidChunkFraming) }
        guard available > 1 else { return false }
        guard buffer[readIndex + 1] == HTTPSyntax.lf else { throw HTTPResponseParserError(.invalidChunkFraming) }
        readIndex += 2
        return true
    }
}
