import HTTPCore
import NetCore

extension HTTPConnection {
    /// Handles requests one after another until the connection closes. Runs in a task whose executor
    /// is this connection's loop, so every step here is on the loop thread.
    static func serve(_ connection: LoopBound<HTTPConnection>, responder: any HTTPResponder) async {
        while let request = await connection.value.nextRequest() {
            let info = connection.value.info
            let response = await responder.respond(to: request, connection: info)
            await connection.value.write(response, for: request.head, handle: connection)
        }
    }

    /// The next complete request, or `nil` once the connection is closing.
    ///
    /// Pipelined requests already buffered are returned without suspending, and their responses are
    /// flushed together: output is only flushed when the task is about to wait (or has a lot buffered).
    func nextRequest() async -> HTTPRequest? {
        eventLoop.assertInEventLoop()
        while true {
            if let request = readyRequest {
                readyRequest = nil
                return request
            }
            if isClosed || machine.isClosing { return nil }
            // A client that does not read its responses gets no further request processed.
            if pendingOutboundCount > server.configuration.outboundHighWatermark {
                do {
                    try await waitUntilWritable()
                } catch {
                    return nil
                }
                continue
            }
            processInbound()
            readAvailable()
            if readyRequest != nil { continue }
            if machine.isInputClosed && !isClosed && !machine.isClosing {
                // The peer sent FIN and no complete request is left: nothing more can arrive.
                handle(machine.inputClosed(hasPendingOutput: pendingOutboundCount > 0, now: eventLoop.now))
            }
            if isClosed || machine.isClosing { return nil }
            flush()
            if isClosed { return nil }
            return await withUnsafeContinuation { requestWaiter = $0 }
        }
    }

    /// Writes a response to the request with `head`, streaming a `.stream` body with backpressure.
    func write(_ response: HTTPResponse, for head: HTTPRequestHead, handle: LoopBound<HTTPConnection>) async {
        eventLoop.assertInEventLoop()
        guard !isClosed else { return }
        var closes = machine.responseStarted(parserHasBytes: parser.bufferedByteCount > 0)
        let isHead = head.method == .head
        let mayHaveBody = response.status.mayHaveBody
        let isHTTP10 = head.version.major == 1 && head.version.minor == 0
        func connectionHeader() -> ConnectionHeader {
            if closes { return .close }
            return isHTTP10 ? .keepAlive : .omitted
        }
        switch response.body {
        case .bytes(let body):
            let framing: ResponseFraming = mayHaveBody ? .length(body.count) : .none
            encodeHead(
                status: response.status,
                headers: response.headers,
                framing: framing,
                connection: connectionHeader()
            )
            if mayHaveBody && !isHead { outbound.append(contentsOf: body) }
        case .stream(let stream):
            guard mayHaveBody && !isHead else {
                let framing: ResponseFraming = mayHaveBody && !isHTTP10 ? .chunked : .none
                encodeHead(
                    status: response.status,
                    headers: response.headers,
                    framing: framing,
                    connection: connectionHeader()
                )
                break
            }
            // HTTP/1.0 has no chunked coding: the body runs until the connection closes.
            if isHTTP10 { closes = machine.closeAfterResponse() }
            encodeHead(
                status: response.status,
                headers: response.headers,
                framing: isHTTP10 ? .none : .chunked,
                connection: connectionHeader()
            )
            flush()
            streamCounter &+= 1
            activeStream = streamCounter
            let writer = HTTPStreamBodyWriter(connection: handle, stream: streamCounter, chunked: !isHTTP10)
            do {
                try await stream.produce(writer)
                activeStream = 0
            } catch {
                activeStream = 0
                // The body cannot be completed: closing without the last chunk tells the client it is cut.
                machine.responseFailed()
                close()
                return
            }
            eventLoop.preconditionInEventLoop()
            guard !isClosed else { return }
            if !isHTTP10 { HTTPResponseEncoder.encodeLastChunk(into: &outbound) }
        }
        switch machine.responseEnded(parserIsIdle: parser.isIdle, now: eventLoop.now) {
        case .closeAfterFlush:
            closeAfterFlush = true
            flush()
        case .keepAlive:
            if pendingOutboundCount >= server.configuration.outboundLowWatermark { flush() }
            updateTimer()
        }
    }

    /// Appends one body chunk (chunk-encoded when `chunked`) and flushes it.
    ///
    /// - Returns: whether the writer must wait for the buffer to drain before writing more.
    /// - Throws: ``IOError/Code/connectionClosed`` if the connection has closed, or if `stream` is not the
    ///   response being streamed (a writer used after its body closure returned).
    func appendBodyChunk(_ bytes: [UInt8], stream: UInt64, chunked: Bool) throws(IOError) -> Bool {
        guard !isClosed, stream == activeStream else { throw IOError(code: .connectionClosed, function: "write") }
        guard !bytes.isEmpty else { return false }
        if chunked {
            HTTPResponseEncoder.encodeChunk(bytes, into: &outbound)
        } else {
            outbound.append(contentsOf: bytes)
        }
        flush()
        guard !isClosed else { throw IOError(code: .connectionClosed, function: "write") }
        return pendingOutboundCount > server.configuration.outboundHighWatermark
    }
}
