/// Why an ``HTTPRequestParser`` refused a request, with the status the server answers before closing.
///
/// After throwing, the parser is dead: the connection must answer ``status`` with ``message`` (safe to
/// show: it never echoes request bytes) and close, because the request boundary is no longer known.
package struct HTTPParserError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The rule the request broke.
    package var code: Code
    /// The status the server answers with: 400 unless the code documents another.
    package var status: HTTPStatus
    /// A short, fixed English sentence for the JSON error body; it contains no request data.
    package var message: String

    /// Creates the error for a code, with the code's status and message.
    package init(_ code: Code) {
        self.code = code
        self.status = code.status
        self.message = code.message
    }

    package var description: String { "HTTPParserError(\(code), \(status.code)): \(message)" }
}

extension HTTPParserError {
    /// The rule a request broke; each rule of RFC 9112 the parser enforces has its own code.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidRequestLine, invalidMethod, invalidTarget, invalidVersion, unsupportedVersion
            case headersTooLarge, tooManyHeaders, invalidHeaderName, invalidHeaderValue, obsoleteLineFolding
            case bareLineTerminator, invalidUTF8, missingHost, duplicateHost
            case invalidContentLength, conflictingContentLength, contentLengthWithTransferEncoding
            case unsupportedTransferEncoding, invalidTransferEncoding, transferEncodingInHTTP10
            case invalidChunkSize, invalidChunkFraming, chunkExtensionTooLarge, bodyTooLarge
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        package var description: String { base.rawValue }

        /// The request line is not `method SP target SP version` with single spaces.
        package static let invalidRequestLine = Code(.invalidRequestLine)
        /// The method is not a token.
        package static let invalidMethod = Code(.invalidMethod)
        /// The target is not origin-, absolute- or asterisk-form, or has bytes outside 0x21–0x7E.
        package static let invalidTarget = Code(.invalidTarget)
        /// The version is not of the form `HTTP/DIGIT.DIGIT`.
        package static let invalidVersion = Code(.invalidVersion)
        /// A well-formed version other than HTTP/1.0 and HTTP/1.1 (505).
        package static let unsupportedVersion = Code(.unsupportedVersion)
        /// The request line and header fields exceed ``HTTPParserLimits/maxHeaderBytes`` (431).
        package static let headersTooLarge = Code(.headersTooLarge)
        /// More header fields than ``HTTPParserLimits/maxHeaderCount`` (431).
        package static let tooManyHeaders = Code(.tooManyHeaders)
        /// A field name is empty, is not a token, or is followed by whitespace before the colon.
        package static let invalidHeaderName = Code(.invalidHeaderName)
        /// A field value contains NUL, DEL or another control character than HTAB.
        package static let invalidHeaderValue = Code(.invalidHeaderValue)
        /// A header line starts with whitespace (obsolete line folding, RFC 9112 §5.2).
        package static let obsoleteLineFolding = Code(.obsoleteLineFolding)
        /// A CR not followed by LF, or an LF not preceded by CR.
        package static let bareLineTerminator = Code(.bareLineTerminator)
        /// A field value has bytes above 0x7F that are not valid UTF-8.
        package static let invalidUTF8 = Code(.invalidUTF8)
        /// An HTTP/1.1 request has no `Host` field.
        package static let missingHost = Code(.missingHost)
        /// A request has more than one `Host` field.
        package static let duplicateHost = Code(.duplicateHost)
        /// A `Content-Length` value is not `1*DIGIT` or does not fit in 63 bits.
        package static let invalidContentLength = Code(.invalidContentLength)
        /// Several `Content-Length` values that differ.
        package static let conflictingContentLength = Code(.conflictingContentLength)
        /// Both `Content-Length` and `Transfer-Encoding` are present (a request-smuggling vector).
        package static let contentLengthWithTransferEncoding = Code(.contentLengthWithTransferEncoding)
        /// A transfer coding other than `chunked` (501).
        package static let unsupportedTransferEncoding = Code(.unsupportedTransferEncoding)
        /// `chunked` is repeated, not the last coding, or the list has empty elements.
        package static let invalidTransferEncoding = Code(.invalidTransferEncoding)
        /// `Transfer-Encoding` on an HTTP/1.0 request, which cannot use it.
        package static let transferEncodingInHTTP10 = Code(.transferEncodingInHTTP10)
        /// A chunk size that is not `1*HEXDIG`, has more than 15 digits, or is followed by junk.
        package static let invalidChunkSize = Code(.invalidChunkSize)
        /// Chunk data not followed by CRLF, or a malformed chunk extension.
        package static let invalidChunkFraming = Code(.invalidChunkFraming)
        /// A chunk extension longer than ``HTTPParserLimits/maxChunkExtensionBytes``.
        package static let chunkExtensionTooLarge = Code(.chunkExtensionTooLarge)
        /// The body exceeds the request's body limit (413).
        package static let bodyTooLarge = Code(.bodyTooLarge)

        /// The status a server answers with for this code.
        package var status: HTTPStatus {
            switch base {
            case .unsupportedVersion: .httpVersionNotSupported
            case .headersTooLarge, .tooManyHeaders: .requestHeaderFieldsTooLarge
            case .unsupportedTransferEncoding: .notImplemented
            case .bodyTooLarge: .contentTooLarge
            default: .badRequest
            }
        }

        /// A short fixed sentence describing the code, safe for a response body.
        package var message: String {
            switch base {
            case .invalidRequestLine: "Malformed request line"
            case .invalidMethod: "Invalid request method"
            case .invalidTarget: "Invalid request target"
            case .invalidVersion: "Malformed HTTP version"
            case .unsupportedVersion: "HTTP version not supported"
            case .headersTooLarge: "Request header section too large"
            case .tooManyHeaders: "Too many header fields"
            case .invalidHeaderName: "Invalid header field name"
            case .invalidHeaderValue: "Invalid header field value"
            case .obsoleteLineFolding: "Obsolete line folding is not accepted"
            case .bareLineTerminator: "Lines must end with CRLF"
            case .invalidUTF8: "Header field value is not valid UTF-8"
            case .missingHost: "Missing Host header"
            case .duplicateHost: "Duplicate Host header"
            case .invalidContentLength: "Invalid Content-Length"
            case .conflictingContentLength: "Conflicting Content-Length values"
            case .contentLengthWithTransferEncoding: "Content-Length and Transfer-Encoding are both present"
            case .unsupportedTransferEncoding: "Transfer coding not supported"
            case .invalidTransferEncoding: "Invalid Transfer-Encoding"
            case .transferEncodingInHTTP10: "Transfer-Encoding is not allowed in HTTP/1.0"
            case .invalidChunkSize: "Invalid chunk size"
            case .invalidChunkFraming: "Invalid chunked framing"
            case .chunkExtensionTooLarge: "Chunk extension too large"
            case .bodyTooLarge: "Request body too large"
            }
        }
    }
}
