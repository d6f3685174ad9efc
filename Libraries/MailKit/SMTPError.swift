/// Why a message could not be built or sent.
///
/// ``description`` never contains message content, addresses' local parts or credentials; it names what
/// failed (`authenticationFailed: 535 …`), so it is safe to log and to store as a job's last error.
package struct SMTPError: Error, Sendable, CustomStringConvertible {
    /// A machine-readable kind of failure.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name, such as `authenticationFailed`.
        package let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }

        /// An address is not a valid `local@domain` mailbox.
        package static let invalidAddress = Code("invalidAddress")
        /// A header value contains CR, LF or another control character (header injection).
        package static let headerInjection = Code("headerInjection")
        /// The SMTP configuration is unusable (bad URL, unreadable CA file).
        package static let invalidConfiguration = Code("invalidConfiguration")
        /// The server could not be reached or the connection broke.
        package static let connectionFailed = Code("connectionFailed")
        /// STARTTLS was refused, or the TLS handshake or certificate verification failed.
        package static let tlsFailed = Code("tlsFailed")
        /// The server rejected the credentials (or required AUTH that was not given).
        package static let authenticationFailed = Code("authenticationFailed")
        /// The server refused the sender, a recipient or the message.
        package static let rejected = Code("rejected")
        /// The connection or the whole transfer took longer than allowed.
        package static let timeout = Code("timeout")
        /// Another libcurl failure.
        package static let sendFailed = Code("sendFailed")

        /// The name.
        package var description: String { rawValue }
    }

    /// The kind of failure.
    package var code: Code
    /// What happened, without secrets or content.
    package var message: String
    /// The last SMTP reply code, when the server answered (`535`, `550`…).
    package var replyCode: Int?
    /// The libcurl result code, for transfer failures.
    package var curlCode: Int?

    /// Creates an error.
    package init(_ code: Code, message: String, replyCode: Int? = nil, curlCode: Int? = nil) {
        self.code = code
        self.message = message
        self.replyCode = replyCode
        self.curlCode = curlCode
    }

    /// Whether retrying later may succeed: connection problems, timeouts, and 4xx replies.
    package var isTransient: Bool {
        switch code {
        case .connectionFailed, .timeout, .sendFailed: true
        case .rejected, .authenticationFailed: replyCode.map { (400..<500).contains($0) } ?? true
        default: false
        }
    }

    /// `code: message` (with the reply code when there is one).
    package var description: String {
        let reply = replyCode.map { " (reply \($0))" } ?? ""
        return "\(code): \(message)\(reply)"
    }
}
