import HTTPCore
import NetCore

extension HTTPConnection {
    /// Reads per call before yielding the loop to other connections (a client sending at line rate, for
    /// example into a lingering close, must not monopolise the thread).
    private static let readBudget = 16

    /// Reads while the socket may hold data and the state machine wants input, feeding the parser.
    func readAvailable() {
        let buffer = server.readBuffer
        var budget = Self.readBudget
        while readPending && !isClosed
            && machine.shouldRead(buffered: parser.bufferedByteCount, limit: server.maxBufferedInboundBytes)
        {
            guard budget > 0 else {
                // Edge-triggered: no new event will come for data already there, so resume on the next
                // loop iteration.
                eventLoop.scheduleTask(at: eventLoop.now) { [self] in readAvailable() }
                break
            }
            budget -= 1
            let result: IOResult<Int>
            do {
                result = try socket.read(into: buffer)
            } catch {
                close()
                return
            }
            switch result {
            case .wouldBlock:
                readPending = false
            case .processed(0):
                readPending = false
                handle(machine.inputClosed(hasPendingOutput: pendingOutboundCount > 0, now: eventLoop.now))
                return
            case .processed(let count):
                if count < buffer.count && !peerSentFIN { readPending = false }
                if machine.isClosing { continue }  // lingering close: discard
                if parser.isIdle { machine.bytesReceived(now: eventLoop.now) }
                parser.feed(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
                processInbound()
            }
        }
        updateTimer()
    }

    /// Drives the parser until it needs bytes, a request is complete, or the request failed.
    func processInbound() {
        while machine.isParsing && readyRequest == nil && !isClosed {
            let event: HTTPParserEvent?
            do {
                event = try parser.nextEvent()
            } catch {
                currentHead = nil
                currentBody = []
                machine.parseFailed(now: eventLoop.now)
                sendErrorAndClose(status: error.status, message: error.message)
                return
            }
            guard let event else { return }
            switch event {
            case .head(let head):
                let limit = server.responder.bodyLimit(for: head) ?? server.configuration.limits.maxBodyBytes
                parser.setBodyLimit(limit)
                machine.headReceived(keepAlive: head.keepAlive, now: eventLoop.now)
                if Self.wantsContinue(framing: parser.bodyFraming, limit: limit) && parser.bufferedByteCount == 0
                    && head.expectsContinue
                {
                    outbound.append(contentsOf: Self.continueResponse)
                    flush()
                }
                currentHead = head
            case .body(let bytes):
                if currentBody.isEmpty {
                    currentBody = bytes
                } else {
                    currentBody.append(contentsOf: bytes)
                }
                machine.bodyReceived(now: eventLoop.now)
            case .end:
                guard let head = currentHead else { preconditionFailure("request end without head") }
                machine.requestReceived()
                let request = HTTPRequest(head: head, body: currentBody)
                currentHead = nil
                currentBody = []
                deliver(request)
            }
        }
    }

    /// `100 Continue` is sent only when a body is coming and the announced length is within the limit;
    /// an oversized `Content-Length` is refused (413) by the parser without inviting the body.
    static func wantsContinue(framing: HTTPBodyFraming, limit: Int) -> Bool {
        switch framing {
        case .none: false
        case .length(let length): length > 0 && length <= limit
        case .chunked: limit > 0
        }
    }

    static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    private func deliver(_ request: HTTPRequest) {
        if let waiter = requestWaiter {
            requestWaiter = nil
            waiter.resume(returning: request)
        } else {
            readyRequest = request
        }
    }
}
