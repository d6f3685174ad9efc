/// The error thrown by ``HTTPClient/execute(_:timeout:)``.
///
/// A response of any status (404, 500, …) is not an error: only failing to get a response is. `code` says
/// what went wrong; `curlCode` and `curlMessage` carry libcurl's result code and message when the failure
/// came from libcurl. `description` never contains the request URL, headers or body, which may carry
/// secrets.
package struct HTTPClientError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidURL
            case invalidRequest
            case connectFailed
            case timeout
            case tlsFailed
            case cancelled
            case responseTooLarge
            case shutdown
            case transport
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The URL could not be parsed or uses a scheme other than `http`/`https`.
        package static let invalidURL = Code(.invalidURL)
        /// The request cannot be sent as given (for example a header containing CR or LF).
        package static let invalidRequest = Code(.invalidRequest)
        /// The host could not be resolved or the TCP connection was refused or failed.
        package static let connectFailed = Code(.connectFailed)
        /// The request's timeout (or the connect timeout) elapsed before the response was complete.
        package static let timeout = Code(.timeout)
        /// The TLS handshake failed, including certificate verification failures.
        package static let tlsFailed = Code(.tlsFailed)
        /// The calling task was cancelled.
        package static let cancelled = Code(.cancelled)
        /// The response body exceeded ``HTTPClientConfiguration/maximumResponseBodySize``.
        package static let responseTooLarge = Code(.responseTooLarge)
        /// The client was shut down before or while the request ran.
        package static let shutdown = Code(.shutdown)
        /// Any other libcurl failure; see ``HTTPClientError/curlCode`` and ``HTTPClientError/curlMessage``.
        package static let transport = Code(.transport)

        /// The code's name, such as `timeout`.
        package var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    package var code: Code
    /// libcurl's `CURLcode` when libcurl reported the failure, otherwise `nil`.
    package var curlCode: Int?
    /// libcurl's message for the failure (its error buffer, or `curl_easy_strerror`), otherwise `nil`.
    package var curlMessage: String?
    /// A short explanation for failures that do not come from libcurl.
    package var reason: String?

    /// Creates an error.
    package init(code: Code, curlCode: Int? = nil, curlMessage: String? = nil, reason: String? = nil) {
        self.code = code
        self.curlCode = curlCode
        self.curlMessage = curlMessage
        self.reason = reason
    }

    /// The code plus curl's code and message or the reason; never the URL, headers or body.
    package var description: String {
        var text = "HTTPClientError(\(code)"
        if let curlCode { text += ", curl \(curlCode)" }
        if let curlMessage { text += ": \(curlMessage)" }
        if let reason { text += ": \(reason)" }
        return text + ")"
    }
}
