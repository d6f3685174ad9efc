/// An incremental HTTP/1.1 request parser: a pure state machine that takes bytes and yields
/// ``HTTPParserEvent``s.
///
/// The parser does no I/O. The connection feeds whatever it read with ``feed(_:)-(UnsafeRawBufferPointer)``
/// and then calls ``nextEvent()`` until it returns `nil` (more input needed); limits are enforced there, so
/// a caller must drain events after every feed. Each request yields `.head`, zero or more `.body` pieces
/// and `.end`; pipelined requests follow one another in the same buffer.
/// Parsing is lazy: nothing past the event returned has been examined, so a caller that receives `.head`
/// can still raise or lower the body limit with ``setBodyLimit(_:)``.
///
/// It enforces RFC 9112 strictly, including the request-smuggling defences (CRLF only, no obs-fold, one
/// unambiguous body framing, bounded chunk sizes); every violation throws an ``HTTPParserError`` whose
/// ``HTTPParserError/status`` the server sends before closing. After an error the parser is dead: every
/// further ``nextEvent()`` rethrows the same error.
///
/// ```swift
/// var parser = HTTPRequestParser()
/// parser.feed(Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
/// while let event = try parser.nextEvent() {
///     // .head(…), then .end
/// }
/// ```
///
/// Threading: a value type owned by one connection; confine it to the connection's event loop.
package struct HTTPRequestParser: Sendable {
    enum State: Sendable {
        /// Waiting for a request line; leading empty lines are skipped.
        case requestLine
        /// Reading header lines of the request in ``HTTPRequestParser/partial``.
        case headerLines
        /// `.head` was returned; the body limit is checked on the next call.
        case bodyStart
        /// Inside a `Content-Length` body.
        case body(remaining: Int)
        /// Waiting for a chunk-size line.
        case chunkSize
        /// Inside chunk data.
        case chunkData(remaining: Int)
        /// Waiting for the CRLF that ends chunk data.
        case chunkDataEnd
        /// Reading trailer lines after the last chunk.
        case trailers
        /// The request is complete; `.end` is returned next.
        case end
        /// Dead after an error.
        case failed(HTTPParserError)
    }

    let limits: HTTPParserLimits
    /// Received bytes; everything before `readIndex` is consumed.
    var buffer: [UInt8] = []
    var readIndex = 0
    /// How many bytes after `readIndex` are known to hold no line terminator (avoids rescanning).
    var scanOffset = 0
    var state: State = .requestLine
    /// Head bytes of the current request consumed so far: leading empty lines, head and trailers.
    var headBytes = 0
    /// Header fields of the current request so far, trailers included.
    var fieldCount = 0
    /// The body limit of the current request.
    var bodyLimit: Int
    /// Body bytes of the current request emitted (`Content-Length`) or announced by chunk sizes.
    var bodyBytes = 0
    var framing: HTTPBodyFraming = .none
    /// The head being parsed.
    var partial = PartialHead()

    /// Compact the buffer once this many consumed bytes sit before the read index.
    private static let compactionThreshold = 16 * 1024

    /// Creates a parser for one connection.
    ///
    /// - Parameter limits: the bounds enforced on every request; the defaults suit JSON APIs.
    package init(limits: HTTPParserLimits = .init()) {
        self.limits = limits
        self.bodyLimit = limits.maxBodyBytes
    }

    /// Appends received bytes to the internal buffer; no parsing happens here.
    ///
    /// Bytes fed to a dead parser are dropped.
    package mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        guard prepareForAppend(bytes.count) else { return }
        buffer.append(contentsOf: bytes)
    }

    /// Appends received bytes to the internal buffer; no parsing happens here.
    ///
    /// Bytes fed to a dead parser are dropped.
    package mutating func feed(_ bytes: [UInt8]) {
        guard prepareForAppend(bytes.count) else { return }
        buffer.append(contentsOf: bytes)
    }

    /// Parses up to the next event.
    ///
    /// - Returns: the next event, or `nil` when more input is needed.
    /// - Throws: ``HTTPParserError`` when the request breaks a rule or a limit; the parser is then dead
    ///   and rethrows the same error on every later call.
    package mutating func nextEvent() throws(HTTPParserError) -> HTTPParserEvent? {
        if case .failed(let error) = state { throw error }
        do throws(HTTPParserError) {
            return try step()
        } catch {
            state = .failed(error)
            buffer = []
            readIndex = 0
            throw error
        }
    }

    /// Overrides the body limit for the request whose head was just returned.
    ///
    /// A `Content-Length` above the new limit makes the next ``nextEvent()`` throw
    /// ``HTTPParserError/Code/bodyTooLarge`` before any body byte is read; chunked bodies are checked as
    /// each chunk size arrives. The limit returns to ``HTTPParserLimits/maxBodyBytes`` for the next request.
    package mutating func setBodyLimit(_ limit: Int) {
        bodyLimit = max(0, limit)
    }

    /// The body framing of the current request: valid from its `.head` until the next request's `.head`;
    /// `.none` before the first one.
    package var bodyFraming: HTTPBodyFraming { framing }

    /// Whether no partial request is buffered, i.e. the connection is between requests.
    ///
    /// Used for idle timeouts and graceful close: an idle connection can be closed without cutting a
    /// request. A dead parser is never idle.
    package var isIdle: Bool {
        guard case .requestLine = state else { return false }
        return readIndex == buffer.count
    }

    /// Bytes buffered and not yet consumed, e.g. pipelined requests a client sent ahead.
    package var bufferedByteCount: Int { buffer.count - readIndex }

    /// Reclaims consumed space before an append; returns false for a dead parser.
    private mutating func prepareForAppend(_ count: Int) -> Bool {
        if case .failed = state { return false }
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            readIndex = 0
        } else if readIndex >= Self.compactionThreshold && readIndex >= buffer.count - readIndex {
            buffer.removeSubrange(0..<readIndex)
            readIndex = 0
        }
        return count > 0
    }

    /// Runs the state machine until it produces an event or needs input.
    private mutating func step() throws(HTTPParserError) -> HTTPParserEvent? {
        while true {
            switch state {
            case .requestLine, .headerLines, .trailers:
                guard readIndex < buffer.count else { return nil }
                switch try parseLines() {
                case .needMore: return nil
                case .head(let head): return .head(head)
                case .trailersDone: state = .end
                }
            case .bodyStart:
                switch framing {
                case .none:
                    state = .end
                case .length(let length):
                    guard length <= bodyLimit else { throw HTTPParserError(.bodyTooLarge) }
                    state = length == 0 ? .end : .body(remaining: length)
                case .chunked:
                    state = .chunkSize
                }
            case .body(let remaining):
                guard bodyBytes + remaining <= bodyLimit else { throw HTTPParserError(.bodyTooLarge) }
                guard let piece = takeBody(upTo: remaining) else { return nil }
                bodyBytes += piece.count
                state = piece.count == remaining ? .end : .body(remaining: remaining - piece.count)
                return .body(piece)
            case .chunkSize:
                guard let size = try parseChunkSizeLine() else { return nil }
                if size == 0 {
                    state = .trailers
                } else {
                    guard size <= bodyLimit - bodyBytes else { throw HTTPParserError(.bodyTooLarge) }
                    bodyBytes += size
                    state = .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                guard let piece = takeBody(upTo: remaining) else { return nil }
                state = piece.count == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - piece.count)
                return .body(piece)
            case .chunkDataEnd:
                guard try consumeChunkDataEnd() else { return nil }
                state = .chunkSize
            case .end:
                resetForNextRequest()
                return .end
            case .failed(let error):
                throw error
            }
        }
    }

    /// Removes up to `limit` buffered bytes as a body piece; `nil` when nothing is buffered.
    private mutating func takeBody(upTo limit: Int) -> [UInt8]? {
        let available = buffer.count - readIndex
        guard available > 0 else { return nil }
        let end = readIndex + min(limit, available)
        let piece = Array(buffer[readIndex..<end])
        readIndex = end
        return piece
    }

    private mutating func resetForNextRequest() {
        state = .requestLine
        scanOffset = 0
        headBytes = 0
        fieldCount = 0
        bodyBytes = 0
        bodyLimit = limits.maxBodyBytes
    }
}
