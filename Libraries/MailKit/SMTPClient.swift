import CCurl
package import LogKit

/// Sends email over SMTP with libcurl: STARTTLS (required by default) or implicit TLS, AUTH, custom CA,
/// timeouts. TLS certificates and host names are always verified.
///
/// Each ``send(_:)`` opens one connection, runs `EHLO`, `STARTTLS`, `AUTH`, `MAIL FROM`, `RCPT TO` and `DATA`
/// (libcurl dot-stuffs the message), and closes it. The blocking transfer runs on a dedicated thread, never
/// on the cooperative pool; it is bounded by ``SMTPConfiguration/timeout`` and not interrupted by task
/// cancellation.
///
/// ```swift
/// let client = SMTPClient(configuration: try SMTPConfiguration(url: "smtp://smtp.example.com:587",
///                                                               username: "apikey", password: secret),
///                         logger: logger)
/// try await client.send(message)
/// ```
package struct SMTPClient: Sendable {
    /// The configuration.
    package let configuration: SMTPConfiguration
    private let logger: Logger

    /// Creates a client; nothing connects until ``send(_:)``.
    package init(configuration: SMTPConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Sends `message` to all its recipients.
    ///
    /// - Throws: ``SMTPError``: `connectionFailed`, `tlsFailed`, `authenticationFailed`, `rejected`,
    ///   `timeout`, `sendFailed`, `invalidConfiguration`.
    package func send(_ message: MailMessage) async throws(SMTPError) {
        let data = message.render()
        let from = message.from.address.address
        let recipients = message.to.map(\.address.address)
        let configuration = configuration
        try await DedicatedThread.run(name: "paylinks-smtp") { () throws(SMTPError) in
            try SMTPTransfer(configuration: configuration, from: from, recipients: recipients, data: data).perform()
        }
        logger.debug("smtp: sent", metadata: ["smtp.recipients": "\(recipients.count)", "smtp.bytes": "\(data.count)"])
    }
}

/// One blocking SMTP transaction on the calling thread; created, used and freed there.
private final class SMTPTransfer {
    let configuration: SMTPConfiguration
    let from: String
    let recipients: [String]
    let data: [UInt8]
    var offset = 0

    init(configuration: SMTPConfiguration, from: String, recipients: [String], data: [UInt8]) {
        self.configuration = configuration
        self.from = from
        self.recipients = recipients
        self.data = data
    }

    func perform() throws(SMTPError) {
        guard SMTPCurlGlobal.initialization == CURLE_OK, let handle = curl_easy_init() else {
            throw SMTPError(.sendFailed, message: "libcurl could not be initialised")
        }
        var recipientList: UnsafeMutablePointer<curl_slist>?
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        defer {
            curl_easy_cleanup(handle)
            if let recipientList { curl_slist_free_all(recipientList) }
            errorBuffer.deallocate()
        }
        var failedOption: CURLoption?
        func set(_ option: CURLoption, _ code: CURLcode) {
            if code != CURLE_OK, failedOption == nil { failedOption = option }
        }
        func set(_ option: CURLoption, long value: Int) { set(option, ccurl_easy_setopt_long(handle, option, value)) }
        func set(_ option: CURLoption, string value: String) {
            set(option, value.withCString { ccurl_easy_setopt_string(handle, option, $0) })
        }

        set(
            CURLOPT_ERRORBUFFER,
            ccurl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
        )
        set(CURLOPT_NOSIGNAL, long: 1)
        set(CURLOPT_URL, string: configuration.url + "/" + configuration.heloName)
        set(CURLOPT_PROTOCOLS_STR, string: "smtp,smtps")
        set(CURLOPT_SSL_VERIFYPEER, long: 1)
        set(CURLOPT_SSL_VERIFYHOST, long: 2)
        switch configuration.security {
        case .startTLS, .implicitTLS: set(CURLOPT_USE_SSL, long: Int(CURLUSESSL_ALL.rawValue))
        case .none: set(CURLOPT_USE_SSL, long: Int(CURLUSESSL_NONE.rawValue))
        }
        if let caFile = configuration.caFile { set(CURLOPT_CAINFO, string: caFile) }
        if let username = configuration.username { set(CURLOPT_USERNAME, string: username) }
        if let password = configuration.password { set(CURLOPT_PASSWORD, string: password) }
        set(CURLOPT_CONNECTTIMEOUT_MS, long: Int(configuration.connectTimeout.wholeMilliseconds))
        set(CURLOPT_TIMEOUT_MS, long: Int(configuration.timeout.wholeMilliseconds))
        set(CURLOPT_MAIL_FROM, string: "<\(from)>")
        for recipient in recipients {
            guard let appended = curl_slist_append(recipientList, "<\(recipient)>") else {
                throw SMTPError(.sendFailed, message: "out of memory building the recipient list")
            }
            recipientList = appended
        }
        set(CURLOPT_MAIL_RCPT, ccurl_easy_setopt_slist(handle, CURLOPT_MAIL_RCPT, recipientList))
        set(CURLOPT_UPLOAD, long: 1)
        set(CURLOPT_INFILESIZE_LARGE, ccurl_easy_setopt_off_t(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(data.count)))
        set(CURLOPT_READFUNCTION, ccurl_easy_setopt_read_callback(handle, CURLOPT_READFUNCTION, smtpReadCallback))
        let context = Unmanaged.passUnretained(self).toOpaque()
        set(CURLOPT_READDATA, ccurl_easy_setopt_pointer(handle, CURLOPT_READDATA, context))
        if let failedOption {
            throw SMTPError(.invalidConfiguration, message: "libcurl refused option \(failedOption.rawValue)")
        }

        let result = withExtendedLifetime(self) { curl_easy_perform(handle) }
        guard result != CURLE_OK else { return }
        var reply = 0
        _ = ccurl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &reply)
        let detail = errorBuffer[0] == 0 ? String(cString: curl_easy_strerror(result)) : String(cString: errorBuffer)
        throw Self.error(for: result, reply: reply == 0 ? nil : reply, detail: detail)
    }

    /// Maps a libcurl failure to an ``SMTPError``; the detail is libcurl's text, which quotes server replies
    /// but never the message or the credentials.
    static func error(for result: CURLcode, reply: Int?, detail: String) -> SMTPError {
        let code: SMTPError.Code
        switch result {
        case CURLE_LOGIN_DENIED: code = .authenticationFailed
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING,
            CURLE_WEIRD_SERVER_REPLY:
            code = reply.map { $0 >= 400 } == true ? .rejected : .connectionFailed
        case CURLE_OPERATION_TIMEDOUT: code = .timeout
        case CURLE_USE_SSL_FAILED, CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE,
            CURLE_SSL_CERTPROBLEM:
            code = .tlsFailed
        case CURLE_UPLOAD_FAILED, CURLE_QUOTE_ERROR: code = .rejected
        default: code = (reply ?? 0) >= 400 ? .rejected : .sendFailed
        }
        // A 530 "authentication required" is an authentication problem whatever libcurl called it.
        let finalCode = reply == 530 || reply == 535 ? .authenticationFailed : code
        return SMTPError(finalCode, message: detail, replyCode: reply, curlCode: Int(result.rawValue))
    }
}

/// libcurl's read callback: copies the next piece of the message into curl's buffer.
private func smtpReadCallback(
    _ buffer: UnsafeMutablePointer<CChar>?,
    _ size: Int,
    _ count: Int,
    _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let buffer, let context else { return 0 }
    let transfer = Unmanaged<SMTPTransfer>.fromOpaque(context).takeUnretainedValue()
    let length = min(size * count, transfer.data.count - transfer.offset)
    guard length > 0 else { return 0 }
    transfer.data.withUnsafeBytes { bytes in
        UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress! + transfer.offset, byteCount: length)
    }
    transfer.offset += length
    return length
}

/// Process-wide libcurl initialisation for MailKit (idempotent alongside HTTPClient's: libcurl counts calls).
private enum SMTPCurlGlobal {
    static let initialization: CURLcode = curl_global_init(ccurl_global_all())
}

extension Duration {
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
