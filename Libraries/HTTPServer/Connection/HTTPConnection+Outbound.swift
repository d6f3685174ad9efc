import HTTPCore
import NetCore

extension HTTPConnection {
    /// Buffers above this capacity are released once drained instead of being kept for reuse.
    private static let retainedOutboundCapacity = 256 * 1024

    /// Writes as much buffered response as the socket takes; on completion of a closing response,
    /// starts the lingering close. On the loop.
    func flush() {
        guard !isClosed else { return }
        var progressed = false
        while outboundOffset < outbound.count {
            let result: IOResult<Int>
            do {
                result = try outbound.withUnsafeBytes { bytes throws(IOError) in
                    try socket.write(UnsafeRawBufferPointer(rebasing: bytes[outboundOffset...]))
                }
            } catch {
                close()
                return
            }
            guard case .processed(let count) = result else { break }
            outboundOffset += count
            progressed = true
        }
        if outboundOffset == outbound.count {
            if outbound.capacity > Self.retainedOutboundCapacity {
                outbound = []
            } else {
                outbound.removeAll(keepingCapacity: true)
            }
            outboundOffset = 0
            machine.outboundDrained()
            if closeAfterFlush && machine.isInputClosed {
                close()
                return
            }
            if closeAfterFlush && !isOutputShutdown {
                isOutputShutdown = true
                // Half-close and keep reading until the peer closes: closing with unread input would
                // send RST and could destroy the response before the client read it.
                socket.shutdownOutput()
                readAvailable()
            }
        } else {
            machine.outboundPending(progressed: progressed, now: eventLoop.now)
            if outboundOffset >= 64 * 1024 && outboundOffset * 2 >= outbound.count {
                outbound.removeFirst(outboundOffset)
                outboundOffset = 0
            }
        }
        if !writabilityWaiters.isEmpty && pendingOutboundCount <= server.configuration.outboundLowWatermark {
            let waiters = writabilityWaiters
            writabilityWaiters = []
            for waiter in waiters { waiter.resume() }
        }
        updateTimer()
    }

    /// Suspends until buffered output falls to the low watermark.
    ///
    /// - Throws: ``IOError/Code/connectionClosed`` if the connection closes first.
    func waitUntilWritable() async throws {
        flush()
        guard pendingOutboundCount > server.configuration.outboundLowWatermark else { return }
        guard !isClosed else { throw IOError(code: .connectionClosed, function: "write") }
        try await withCheckedThrowingContinuation { writabilityWaiters.append($0) }
    }

    /// Queues a response the server makes itself (parser error, timeout) with `Connection: close`, then
    /// closes after flushing.
    func sendErrorAndClose(status: HTTPStatus, message: String) {
        guard !isClosed else { return }
        let body = ErrorResponseBody.make(status: status, message: message)
        encodeHead(
            status: status,
            headers: ["Content-Type": "application/json; charset=utf-8"],
            framing: .length(body.count),
            connection: .close
        )
        outbound.append(contentsOf: body)
        closeAfterFlush = true
        flush()
    }

    /// How the body of a response is delimited on the wire.
    enum ResponseFraming {
        case length(Int)
        case chunked
        /// No length: the body ends when the connection closes (HTTP/1.0 streaming) or there is none.
        case none
    }

    /// What the `Connection` field of a response says.
    enum ConnectionHeader {
        case close
        case keepAlive
        case omitted
    }

    /// Appends a response head: the responder's fields (minus the framing fields the server owns), then
    /// `Date`, the framing and `Connection`.
    func encodeHead(status: HTTPStatus, headers: HTTPFields, framing: ResponseFraming, connection: ConnectionHeader) {
        let scan = ManagedFields(headers)
        if scan.hasFraming {
            var cleaned = headers
            cleaned.remove("Content-Length")
            cleaned.remove("Transfer-Encoding")
            cleaned.remove("Connection")
            HTTPResponseEncoder.encodeHead(status: status, headers: cleaned, version: .http1_1, into: &outbound)
        } else {
            HTTPResponseEncoder.encodeHead(status: status, headers: headers, version: .http1_1, into: &outbound)
        }
        // Reopen the head (drop the blank line) to append the fields the server manages.
        outbound.removeLast(2)
        if !scan.hasDate {
            outbound.append(contentsOf: "Date: ".utf8)
            outbound.append(contentsOf: server.dateCache.current())
            outbound.append(contentsOf: "\r\n".utf8)
        }
        switch framing {
        case .length(let length):
            outbound.append(contentsOf: "Content-Length: ".utf8)
            appendDecimal(length)
            outbound.append(contentsOf: "\r\n".utf8)
        case .chunked:
            outbound.append(contentsOf: "Transfer-Encoding: chunked\r\n".utf8)
        case .none:
            break
        }
        switch connection {
        case .close: outbound.append(contentsOf: "Connection: close\r\n".utf8)
        case .keepAlive: outbound.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        case .omitted: break
        }
        outbound.append(contentsOf: "\r\n".utf8)
    }

    private func appendDecimal(_ value: Int) {
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        while divisor > 0 {
            outbound.append(UInt8(truncatingIfNeeded: value / divisor % 10) &+ 0x30)
            divisor /= 10
        }
    }
}

/// Which server-managed fields a responder's header list contains, found in one pass.
private struct ManagedFields {
    var hasDate = false
    var hasFraming = false

    init(_ headers: HTTPFields) {
        for field in headers {
            switch field.name.utf8.count {
            case 4 where field.name.equalsIgnoringASCIICase("Date"): hasDate = true
            case 10 where field.name.equalsIgnoringASCIICase("Connection"): hasFraming = true
            case 14 where field.name.equalsIgnoringASCIICase("Content-Length"): hasFraming = true
            case 17 where field.name.equalsIgnoringASCIICase("Transfer-Encoding"): hasFraming = true
            default: break
            }
        }
    }
}
