/// A pure, incremental HTTP/1.1 response parser for clients and proxies: feed it bytes in any pieces and
/// pull events.
///
/// One response is `.head`, then zero or more `.body` pieces, then `.end`. Interim `1xx` responses (such
/// as `100 Continue`) are consumed silently; `101 Switching Protocols` is refused because the client never
/// asks for an upgrade. The body framing follows RFC 9112 §6.3: no body for a `HEAD` request or a 1xx, 204
/// or 304 status, then chunked, then `Content-Length`, else the body runs until the connection closes
/// (signalled with ``feedEndOfStream()``).
///
/// It is as strict as ``HTTPRequestParser`` and shares its helpers: CRLF only, no obs-fold, one
/// unambiguous framing (`Content-Length` with `Transfer-Encoding`, or conflicting lengths, are errors — a
/// proxy must never "pick one"), bounded head, chunk sizes and body. After an error the parser is dead and
/// every further ``nextEvent()`` rethrows it.
///
/// ```swift
/// var parser = HTTPResponseParser(requestMethod: .get)
/// parser.feed(Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi".utf8))
/// while let event = try parser.nextEvent() {
///     // .head(…), .body([104, 105]), .end
/// }
/// ```
///
/// Threading: a value type owned by one connection; confine it to the connection's event loop.
package struct HTTPResponseParser: Sendable {
    /// One step of a response as ``HTTPResponseParser/nextEvent()`` reports it.
    package enum Event: Sendable, Equatable {
        /// The status line and header fields of the final (non-1xx) response, after its framing was
        /// validated.
        case head(Head)
        /// A piece of the body, already de-chunked.
        case body([UInt8])
        /// The response is complete.
        case end
    }

    /// How the body of a response is delimited (RFC 9112 §6.3).
    package enum BodyFraming: Sendable, Hashable {
        /// No body: a `HEAD` request, a 1xx, 204 or 304 status, or `Content-Length: 0`.
        case none
        /// Exactly this many bytes, from `Content-Length`.
        case length(Int)
        /// The chunked transfer coding.
        case chunked
        /// Neither length nor chunked: the body ends when the server closes the connection.
        case untilClose
    }

    /// The status line and header fields of a response.
    package struct Head: Sendable, Equatable {
        /// The protocol version of the status line (1.0 or 1.1).
        package var version: HTTPVersion
        /// The status code, with the reason phrase as received (empty when none was sent).
        package var status: HTTPStatus
        /// Every header field as received, in order, framing and hop-by-hop fields included.
        package var headers: HTTPFields
        /// How the body is delimited.
        package var bodyFraming: BodyFraming
        /// Whether the server allows another request on the connection after this response: HTTP/1.1
        /// without `Connection: close`, HTTP/1.0 only with `Connection: keep-alive`, and never for a body
        /// delimited by the connection closing.
        package var isKeepAlive: Bool

        /// Creates a head.
        package init(
            version: HTTPVersion,
            status: HTTPStatus,
            headers: HTTPFields,
            bodyFraming: BodyFraming,
            isKeepAlive: Bool
        ) {
            self.version = version
            self.status = status
            self.headers = headers
            self.bodyFraming = bodyFraming
            self.isKeepAlive = isKeepAlive
        }
    }

    enum State: Sendable {
        case statusLine
        case headerLines
        case bodyStart
        case body(remaining: Int)
        case untilClose
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case end
        /// `.end` was returned; nothing more is parsed until ``HTTPResponseParser/reset(requestMethod:)``.
        case done
        case failed(HTTPResponseParserError)
    }

    let limits: HTTPParserLimits
    var requestMethod: HTTPMethod
    var buffer: [UInt8] = []
    var readIndex = 0
    /// How many bytes after `readIndex` are known to hold no line terminator.
    var scanOffset = 0
    var state: State = .statusLine
    var isEndOfStream = false
    /// Head bytes consumed so far, interim responses and trailers included.
    var headBytes = 0
    var fieldCount = 0
    var bodyBytes = 0
    var partial = PartialHead()

    /// Creates a parser for the response to one request.
    ///
    /// - Parameters:
    ///   - requestMethod: the method of the request; a `HEAD` request's response has no body.
    ///   - limits: head limits; ``HTTPParserLimits/maxBodyBytes`` bounds the body.
    package init(requestMethod: HTTPMethod, limits: HTTPParserLimits = .init()) {
        self.requestMethod = requestMethod
        self.limits = limits
    }

    /// Prepares for the response to the next request on the same connection, keeping buffer capacity.
    ///
    /// Bytes still buffered are kept (they would be the start of the next response).
    package mutating func reset(requestMethod: HTTPMethod) {
        self.requestMethod = requestMethod
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
        } else {
            buffer.removeSubrange(0..<readIndex)
        }
        readIndex = 0
        scanOffset = 0
        state = .statusLine
        isEndOfStream = false
        headBytes = 0
        fieldCount = 0
        bodyBytes = 0
        partial = PartialHead()
    }

    /// Appends received bytes; no parsing happens here. Bytes fed to a dead parser are dropped.
    package mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        guard prepareForAppend() else { return }
        buffer.append(contentsOf: bytes)
    }

    /// Appends received bytes; no parsing happens here. Bytes fed to a dead parser are dropped.
    package mutating func feed(_ bytes: [UInt8]) {
        guard prepareForAppend() else { return }
        buffer.append(contentsOf: bytes)
    }

    /// Records that the server closed its side: a body delimited by close ends here, and any other
    /// incomplete response fails with ``HTTPResponseParserError/Code/unexpectedEndOfStream``.
    package mutating func feedEndOfStream() { isEndOfStream = true }

    /// Whether any byte of the current response has been received (interim responses included).
    package var hasReceivedBytes: Bool {
        if case .statusLine = state { return buffer.count > readIndex || headBytes > 0 }
        return true
    }

    /// Bytes buffered and not consumed; after `.end`, anything here was sent beyond the response.
    package var bufferedByteCount: Int { buffer.count - readIndex }

    /// Parses up to the next event.
    ///
    /// - Returns: the next event, or `nil` when more input is needed (or after `.end`).
    /// - Throws: ``HTTPResponseParserError`` when the response breaks a rule or a limit; the parser is then
    ///   dead and rethrows the same error on every later call.
    package mutating func nextEvent() throws(HTTPResponseParserError) -> Event? {
        if case .failed(let error) = state { throw error }
        do throws(HTTPResponseParserError) {
            return try step()
        } catch {
            state = .failed(error)
            buffer = []
            readIndex = 0
            throw error
        }
    }

    private mutating func prepareForAppend() -> Bool {
        if case .failed = state { return false }
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            readIndex = 0
        } else if readIndex >= 16 * 1024 && readIndex >= buffer.count - readIndex {
            buffer.removeSubrange(0..<readIndex)
            readIndex = 0
        }
        return true
    }

    /// `nil` (wait for input), or the end-of-stream error when no more input will come.
    private func needMore() throws(HTTPResponseParserError) -> Event? {
        if isEndOfStream { throw HTTPResponseParserError(.unexpectedEndOfStream) }
        return nil
    }

    private mutating func step() throws(HTTPResponseParserError) -> Event? {
        while true {
            switch state {
            case .statusLine, .headerLines, .trailers:
                guard readIndex < buffer.count else { return try needMore() }
                switch try parseLines() {
                case .needMore: return try needMore()
                case .head(let head): return .head(head)
                case .trailersDone: state = .end
                }
            case .bodyStart:
                switch partial.framing {
                case .none, .length(0): state = .end
                case .length(let length): state = .body(remaining: length)
                case .chunked: state = .chunkSize
                case .untilClose: state = .untilClose
                }
            case .body(let remaining):
                guard let piece = takeBody(upTo: remaining) else { return try needMore() }
                state = piece.count == remaining ? .end : .body(remaining: remaining - piece.count)
                return .body(piece)
            case .untilClose:
                let available = buffer.count - readIndex
                guard bodyBytes + available <= limits.maxBodyBytes else {
                    throw HTTPResponseParserError(.bodyTooLarge)
                }
                if let piece = takeBody(upTo: available) {
                    bodyBytes += piece.count
                    return .body(piece)
                }
                guard isEndOfStream else { return nil }
                state = .end
            case .chunkSize:
                guard let size = try parseChunkSizeLine() else { return try needMore() }
                if size == 0 {
                    state = .trailers
                } else {
                    guard size <= limits.maxBodyBytes - bodyBytes else { throw HTTPResponseParserError(.bodyTooLarge) }
                    bodyBytes += size
                    state = .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                guard let piece = takeBody(upTo: remaining) else { return try needMore() }
                state = piece.count == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - piece.count)
                return .body(piece)
            case .chunkDataEnd:
                guard try consumeChunkDataEnd() else { return try needMore() }
                state = .chunkSize
            case .end:
                state = .done
                return .end
            case .done:
                return nil
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
}
