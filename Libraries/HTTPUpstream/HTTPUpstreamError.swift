/// Why an ``HTTPUpstreamClient`` request failed.
///
/// ``description`` names the code, the message and the upstream address; it never contains request or
/// response bytes. The gateway maps ``Code/connectFailed``, ``Code/connectionClosed``,
/// ``Code/protocolError`` and ``Code/responseTooLarge`` to 502 and ``Code/timedOut`` to 504.
package struct HTTPUpstreamError: Error, CustomStringConvertible {
    /// What kind of failure this is.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case connectFailed, timedOut, connectionClosed, protocolError, responseTooLarge, shutDown
            case invalidRequest, cancelled
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        package var description: String { base.rawValue }

        /// No connection could be made (refused, unreachable, or the connect timeout passed).
        package static let connectFailed = Code(.connectFailed)
        /// No complete response arrived before the request's deadline; the connection was closed.
        package static let timedOut = Code(.timedOut)
        /// The connection was closed or reset before the response was complete.
        package static let connectionClosed = Code(.connectionClosed)
        /// The response broke HTTP/1.1 (see ``HTTPUpstreamError/underlying`` for the parser's reason).
        package static let protocolError = Code(.protocolError)
        /// The response head or body exceeded the configured limits.
        package static let responseTooLarge = Code(.responseTooLarge)
        /// The client was shut down.
        package static let shutDown = Code(.shutDown)
        /// The request cannot be sent: a field or target with forbidden bytes, or a target that is not
        /// origin-form. Nothing was sent.
        package static let invalidRequest = Code(.invalidRequest)
        /// The calling task was cancelled; the connection was closed.
        package static let cancelled = Code(.cancelled)
    }

    /// The kind of failure.
    package var code: Code
    /// A short fixed English sentence; it contains no request or response data.
    package var message: String
    /// The upstream the request went to, when known.
    package var address: HTTPUpstreamAddress?
    /// The error that caused this one (an `IOError` or an `HTTPResponseParserError`), if any.
    package var underlying: (any Error)?

    /// Creates an error.
    package init(
        _ code: Code,
        _ message: String,
        address: HTTPUpstreamAddress? = nil,
        underlying: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.address = address
        self.underlying = underlying
    }

    package var description: String {
        var text = "HTTPUpstreamError(\(code)): \(message)"
        if let address { text += " [\(address)]" }
        if let underlying { text += " (\(underlying))" }
        return text
    }
}
