extension HTTPRequestParser {
    /// The request line and fields parsed so far, plus what the framing rules need to know about them.
    struct PartialHead: Sendable {
        var method = HTTPMethod.get
        var target = ""
        var version = HTTPVersion.http1_1
        var fields = HTTPFields()
        var hostCount = 0
        /// The agreed `Content-Length`, when one or more were sent.
        var contentLength: Int?
        var transferEncoding: TransferEncoding?

        /// What the `Transfer-Encoding` fields said, across all of them.
        struct TransferEncoding: Sendable {
            var chunkedCount = 0
            var isChunkedLast = false
            var hasUnknownCoding = false
            var isMalformed = false
        }

        /// Decides the body framing (RFC 9112 §6.3), refusing every ambiguous combination.
        func bodyFraming() throws(HTTPParserError) -> HTTPBodyFraming {
            guard let transferEncoding else {
                return contentLength.map { .length($0) } ?? .none
            }
            // Both framings present is the classic request-smuggling vector: refuse rather than pick one.
            if contentLength != nil { throw HTTPParserError(.contentLengthWithTransferEncoding) }
            if version == .http1_0 { throw HTTPParserError(.transferEncodingInHTTP10) }
            if transferEncoding.isMalformed || transferEncoding.chunkedCount > 1 {
                throw HTTPParserError(.invalidTransferEncoding)
            }
            if transferEncoding.chunkedCount == 1 && !transferEncoding.isChunkedLast {
                throw HTTPParserError(.invalidTransferEncoding)
            }
            if transferEncoding.hasUnknownCoding { throw HTTPParserError(.unsupportedTransferEncoding) }
            return .chunked
        }
    }

    /// Records `Host`, `Content-Length` and `Transfer-Encoding` fields for the framing decision.
    mutating func noteFramingField(
        name: UnsafeBufferPointer<UInt8>,
        value: UnsafeBufferPointer<UInt8>
    ) throws(HTTPParserError) {
        switch name.count {
        case 4 where HTTPSyntax.equalsIgnoringCase(name, "host"):
            partial.hostCount += 1
        case 14 where HTTPSyntax.equalsIgnoringCase(name, "content-length"):
            let length = try Self.parseContentLength(value)
            if let existing = partial.contentLength, existing != length {
                throw HTTPParserError(.conflictingContentLength)
            }
            partial.contentLength = length
        case 17 where HTTPSyntax.equalsIgnoringCase(name, "transfer-encoding"):
            Self.noteTransferCodings(value, into: &partial.transferEncoding)
        default:
            break
        }
    }

    /// Parses `1*DIGIT *( OWS "," OWS 1*DIGIT )` where every element must be the same number.
    static func parseContentLength(_ value: UnsafeBufferPointer<UInt8>) throws(HTTPParserError) -> Int {
        var result: Int?
        var elementStart = 0
        while elementStart <= value.count {
            var elementEnd = elementStart
            while elementEnd < value.count, value[elementEnd] != UInt8(ascii: ",") { elementEnd += 1 }
            let element = HTTPSyntax.trimmed(UnsafeBufferPointer(rebasing: value[elementStart..<elementEnd]))
            guard !element.isEmpty else { throw HTTPParserError(.invalidContentLength) }
            var number = 0
            for byte in element {
                let digit = byte &- 0x30
                guard digit < 10 else { throw HTTPParserError(.invalidContentLength) }
                let (times10, overflow1) = number.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(Int(digit))
                guard !overflow1, !overflow2 else { throw HTTPParserError(.invalidContentLength) }
                number = sum
            }
            if let result, result != number { throw HTTPParserError(.conflictingContentLength) }
            result = number
            elementStart = elementEnd + 1
        }
        // The loop runs at least once and every pass either sets `result` or throws.
        return result ?? 0
    }

    /// Adds the codings of one `Transfer-Encoding` field line to what earlier lines said.
    static func noteTransferCodings(
        _ value: UnsafeBufferPointer<UInt8>,
        into state: inout PartialHead.TransferEncoding?
    ) {
        var codings = state ?? PartialHead.TransferEncoding()
        defer { state = codings }
        var elementStart = 0
        while elementStart <= value.count {
            var elementEnd = elementStart
            while elementEnd < value.count, value[elementEnd] != UInt8(ascii: ",") { elementEnd += 1 }
            let element = HTTPSyntax.trimmed(UnsafeBufferPointer(rebasing: value[elementStart..<elementEnd]))
            elementStart = elementEnd + 1
            if element.isEmpty {
                codings.isMalformed = true
            } else if HTTPSyntax.equalsIgnoringCase(element, "chunked") {
                codings.chunkedCount += 1
                codings.isChunkedLast = true
            } else {
                codings.hasUnknownCoding = true
                codings.isChunkedLast = false
            }
        }
    }
}
