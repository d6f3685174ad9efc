// libFuzzer entry point for HTTPRequestParser. scripts/fuzz.sh compiles this file together with every
// HTTPCore source into one module, so the parser's API is used directly, without an import.

/// What one drive of the parser produced.
private struct Outcome: Equatable {
    var events: [HTTPParserEvent] = []
    var failed = false
}

/// Feeds `input` cut at `cuts`, drains events after each feed and checks the parser's invariants; any
/// violation traps, which libFuzzer reports as a crash.
private func drive(
    _ input: UnsafeBufferPointer<UInt8>,
    cuts: [Int],
    limits: HTTPParserLimits,
    bodyLimit: Int?
) -> Outcome {
    var parser = HTTPRequestParser(limits: limits)
    var outcome = Outcome()
    var start = 0
    var fed = 0
    var inRequest = false
    var requestBody = 0
    var requestLimit = limits.maxBodyBytes
    // Each event consumes input or ends a request, so this bounds a parser that stops making progress.
    var budget = 4 * input.count + 16
    for end in cuts + [input.count] where end >= start {
        parser.feed(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: input[start..<end])))
        fed += end - start
        start = end
        while true {
            let event: HTTPParserEvent?
            do throws(HTTPParserError) {
                event = try parser.nextEvent()
            } catch {
                precondition(!parser.isIdle, "a dead parser is never idle")
                do throws(HTTPParserError) {
                    _ = try parser.nextEvent()
                    preconditionFailure("a dead parser must keep throwing")
                } catch let again {
                    precondition(again == error, "a dead parser must rethrow the same error")
                }
                outcome.failed = true
                return outcome
            }
            guard let event else { break }
            budget -= 1
            precondition(budget > 0, "parser is not making progress")
            precondition(parser.bufferedByteCount <= fed, "more bytes buffered than fed")
            switch event {
            case .head(let head):
                precondition(!inRequest, "head inside a request")
                precondition(head.version == .http1_1 || head.version == .http1_0, "unsupported version parsed")
                precondition(!head.target.isEmpty && !head.method.rawValue.isEmpty, "empty method or target")
                precondition(head.headers.count <= limits.maxHeaderCount, "header count above limit")
                inRequest = true
                requestBody = 0
                requestLimit = limits.maxBodyBytes
                if let bodyLimit {
                    parser.setBodyLimit(bodyLimit)
                    requestLimit = bodyLimit
                }
            case .body(let bytes):
                precondition(inRequest, "body outside a request")
                precondition(!bytes.isEmpty, "empty body piece")
                requestBody += bytes.count
                precondition(requestBody <= requestLimit, "body above its limit")
                if case .length(let length) = parser.bodyFraming {
                    precondition(requestBody <= length, "body longer than Content-Length")
                }
                precondition(parser.bodyFraming != .none, "body without framing")
            case .end:
                precondition(inRequest, "end outside a request")
                if case .length(let length) = parser.bodyFraming {
                    precondition(requestBody == length, "body shorter than Content-Length")
                }
                inRequest = false
            }
            append(event, to: &outcome.events)
        }
    }
    precondition(!parser.isIdle || parser.bufferedByteCount == 0, "idle with buffered bytes")
    return outcome
}

/// Appends an event, merging consecutive body pieces so differently split inputs compare equal.
private func append(_ event: HTTPParserEvent, to events: inout [HTTPParserEvent]) {
    if case .body(let more) = event, case .body(let previous)? = events.last {
        events[events.count - 1] = .body(previous + more)
    } else {
        events.append(event)
    }
}

/// Encodes a response head and checks it cannot be split: every CR is followed by LF, there is no bare
/// LF, and the only empty line is the one that ends the head.
private func checkEncoder(headers: HTTPFields, reason: String) {
    var output: [UInt8] = []
    let status = HTTPStatus(code: 200, reasonPhrase: reason)
    HTTPResponseEncoder.encodeHead(status: status, headers: headers, version: .http1_1, into: &output)
    var index = 0
    var lineStart = 0
    var lines = 0
    var emptyLines = 0
    while index < output.count {
        switch output[index] {
        case 0x0D:
            precondition(index + 1 < output.count && output[index + 1] == 0x0A, "encoder emitted a bare CR")
            if index == lineStart { emptyLines += 1 }
            lines += 1
            index += 2
            lineStart = index
        case 0x0A:
            preconditionFailure("encoder emitted a bare LF")
        default:
            index += 1
        }
    }
    precondition(lineStart == output.count && emptyLines == 1, "encoded head is not one terminated block")
    precondition(lines <= headers.count + 2, "encoder emitted more lines than fields")
}

/// libFuzzer's entry point: parses the input whole, in two pieces, and in small pieces with tiny limits.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    let defaults = HTTPParserLimits()
    let whole = drive(input, cuts: [], limits: defaults, bodyLimit: nil)
    guard size > 0 else { return 0 }

    // Response splitting: raw input bytes as a field name, a value and a reason phrase.
    let nameLength = Int(data[0]) % 16
    let name = String(decoding: UnsafeBufferPointer(rebasing: input[..<min(nameLength, size)]), as: UTF8.self)
    let value = String(decoding: UnsafeBufferPointer(rebasing: input[min(nameLength, size)...]), as: UTF8.self)
    checkEncoder(headers: HTTPFields([("A", "b"), (name, value), (value, name)]), reason: value)
    for case .head(let head) in whole.events { checkEncoder(headers: head.headers, reason: "OK") }

    // The cut point comes from the data so libFuzzer can steer it.
    let cut = (Int(data[0]) << 8 | Int(data[size - 1])) % size
    let split = drive(input, cuts: [cut], limits: defaults, bodyLimit: nil)
    precondition(split.failed == whole.failed, "splitting the input changed whether it is valid")
    if !whole.failed {
        precondition(split.events == whole.events, "splitting the input changed the events")
    }

    let tiny = HTTPParserLimits(maxHeaderBytes: 256, maxHeaderCount: 8, maxBodyBytes: 64, maxChunkExtensionBytes: 8)
    _ = drive(input, cuts: [cut], limits: tiny, bodyLimit: 16)
    if size <= 512 {
        _ = drive(input, cuts: Array(stride(from: 1, to: size, by: 3)), limits: tiny, bodyLimit: Int(data[0]))
    }
    return 0
}
