/// Why an ``HTTPResponseParser`` refused a response.
///
/// After throwing, the parser is dead and the connection must be closed: the response boundary is no
/// longer known. ``description`` never contains response bytes.
package struct HTTPResponseParserError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The rule the response broke.
    package var code: Code

    /// Creates the error for a code.
    package init(_ code: Code) { self.code = code }

    /// Translates an error of the shared request-parser helpers (field values, framing, chunk sizes).
    init(_ error: HTTPParserError) {
        self.code = Code.translations[error.code] ?? .invalidHeaderValue
    }

    /// Whether the response was refused for exceeding a limit (head size, field count or body size)
    /// rather than for being malformed.
    package var isLimitExceeded: Bool {
        code == .headersTooLarge || code == .tooManyHeaders || code == .bodyTooLarge
    }

    package var description: String { "HTTPResponseParserError(\(code))" }
}

extension HTTPResponseParserError {
    /// The rule a response broke.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidStatusLine, invalidStatus, invalidVersion, unsupportedVersion, unexpectedUpgrade
            case headersTooLarge, tooManyHeaders, invalidHeaderName, invalidHeaderValue, obsoleteLineFolding
            case bareLineTerminator, invalidUTF8
            case invalidContentLength, conflictingContentLength, contentLengthWithTransferEncoding
            case unsupportedTransferEncoding, invalidTransferEncoding, transferEncodingInHTTP10
            case invalidChunkSize, invalidChunkFraming, chunkExtensionTooLarge, bodyTooLarge
            case unexpectedEndOfStream
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        package var description: String { base.rawValue }

        /// The status line is not `HTTP-version SP 3DIGIT [SP reason-phrase]`, or the reason has controls.
        package static let invalidStatusLine = Code(.invalidStatusLine)
        /// The status code is outside 100–599.
        package static let invalidStatus = Code(.invalidStatus)
        /// The version is not of the form `HTTP/DIGIT.DIGIT`.
        package static let invalidVersion = Code(.invalidVersion)
        /// A well-formed version other than HTTP/1.0 and HTTP/1.1.
        package static let unsupportedVersion = Code(.unsupportedVersion)
        /// `101 Switching Protocols`, although no upgrade was requested.
        package static let unexpectedUpgrade = Code(.unexpectedUpgrade)
        /// The status line and header fields exceed ``HTTPParserLimits/maxHeaderBytes``.
        package static let headersTooLarge = Code(.headersTooLarge)
        /// More header fields than ``HTTPParserLimits/maxHeaderCount``.
        package static let tooManyHeaders = Code(.tooManyHeaders)
        /// A field name is empty, is not a token, or is followed by whitespace before the colon.
        package static let invalidHeaderName = Code(.invalidHeaderName)
        /// A field value contains NUL, DEL or another control character than HTAB.
        package static let invalidHeaderValue = Code(.invalidHeaderValue)
        /// A header line starts with whitespace (obsolete line folding).
        package static let obsoleteLineFolding = Code(.obsoleteLineFolding)
        /// A CR not followed by LF, or an LF not preceded by CR.
        package static let bareLineTerminator = Code(.bareLineTerminator)
        /// A field value has bytes above 0x7F that are not valid UTF-8.
        package static let invalidUTF8 = Code(.invalidUTF8)
        /// A `Content-Length` value is not `1*DIGIT` or does not fit in 63 bits.
        package static let invalidContentLength = Code(.invalidContentLength)
        /// Several `Content-Length` values that differ.
        package static let conflictingContentLength = Code(.conflictingContentLength)
        /// Both `Content-Length` and `Transfer-Encoding` are present (a response-smuggling vector).
        package static let contentLengthWithTransferEncoding = Code(.contentLengthWithTransferEncoding)
        /// A transfer coding other than `chunked`, which a re-framing proxy cannot pass on.
        package static let unsupportedTransferEncoding = Code(.unsupportedTransferEncoding)
        /// `chunked` is repeated, not the last coding, or the list has empty elements.
        package static let invalidTransferEncoding = Code(.invalidTransferEncoding)
        /// `Transfer-Encoding` on an HTTP/1.0 response.
        package static let transferEncodingInHTTP10 = Code(.transferEncodingInHTTP10)
        /// A chunk size that is not `1*HEXDIG`, has more than 15 digits, or is followed by junk.
        package static let invalidChunkSize = Code(.invalidChunkSize)
        /// Chunk data not followed by CRLF, or a malformed chunk extension.
        package static let invalidChunkFraming = Code(.invalidChunkFraming)
        /// A chunk extension longer than ``HTTPParserLimits/maxChunkExtensionBytes``.
        package static let chunkExtensionTooLarge = Code(.chunkExtensionTooLarge)
        /// The body exceeds ``HTTPParserLimits/maxBodyBytes``.
        package static let bodyTooLarge = Code(.bodyTooLarge)
        /// The connection ended before the response was complete.
        package static let unexpectedEndOfStream = Code(.unexpectedEndOfStream)

        /// The codes of the request parser's helpers that the response parser shares.
        fileprivate static let translations: [HTTPParserError.Code: Code] = [
            .invalidVersion: .invalidVersion,
            .unsupportedVersion: .unsupportedVersion,
            .headersTooLarge: .headersTooLarge,
            .tooManyHeaders: .tooManyHeaders,
            .invalidHeaderName: .invalidHeaderName,
            .invalidHeaderValue: .invalidHeaderValue,
            .obsoleteLineFolding: .obsoleteLineFolding,
            .bareLineTerminator: .bareLineTerminator,
            .invalidUTF8: .invalidUTF8,
            .invalidContentLength: .invalidContentLength,
            .conflictingContentLength: .conflictingContentLength,
            .contentLengthWithTransferEncoding: .contentLengthWithTransferEncoding,
            .unsupportedTransferEncoding: .unsupportedTransferEncoding,
            .invalidTransferEncoding: .invalidTransferEncoding,
            .transferEncodingInHTTP10: .transferEncodingInHTTP10,
            .invalidChunkSize: .invalidChunkSize,
            .invalidChunkFraming: .invalidChunkFraming,
            .chunkExtensionTooLarge: .chunkExtensionTooLarge,
            .bodyTooLarge: .bodyTooLarge,
        ]
    }
}
