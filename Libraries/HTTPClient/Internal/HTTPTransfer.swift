import CCurl
import HTTPCore
import LogKit

/// One HTTP request on the engine thread: sets the easy handle's options, collects the response through
/// libcurl's header and write callbacks and delivers the result to the caller's ``ResultCompletion``.
///
/// Threading: confined to the engine thread (see ``CurlTransfer``).
final class HTTPTransfer: CurlTransfer {
    let easy: CurlEasyHandle
    private let completion: ResultCompletion<HTTPClientResponse, HTTPClientError>
    private let method: String
    private let maximumBodySize: Int
    private let connectionCounter: ConnectionCounter
    private let logger: Logger
    private let startedAt = ContinuousClock.now
    private var head = ResponseHeadParser()
    private var body: [UInt8] = []
    private var exceededBodyLimit = false

    /// Configures an easy handle for `request`; `nil` (after failing `completion`) if that is impossible.
    init?(
        request: PreparedHTTPRequest,
        configuration: HTTPClientConfiguration,
        completion: ResultCompletion<HTTPClientResponse, HTTPClientError>,
        connectionCounter: ConnectionCounter,
        logger: Logger
    ) {
        guard let easy = CurlEasyHandle() else {
            completion.complete(.failure(HTTPClientError(code: .transport, reason: "curl_easy_init failed")))
            return nil
        }
        self.easy = easy
        self.completion = completion
        self.method = request.method
        self.maximumBodySize = configuration.maximumResponseBodySize
        self.connectionCounter = connectionCounter
        self.logger = logger
        configure(request, configuration)
        if let failure = easy.firstFailure {
            completion.complete(
                .failure(
                    HTTPClientError(
                        code: .transport,
                        curlCode: Int(failure.code.rawValue),
                        curlMessage: String(cString: curl_easy_strerror(failure.code)),
                        reason: "curl_easy_setopt(\(failure.option.rawValue)) failed"
                    )
                )
            )
            return nil
        }
    }

    private func configure(_ request: PreparedHTTPRequest, _ configuration: HTTPClientConfiguration) {
        easy.set(CURLOPT_URL, string: request.url)
        easy.set(CURLOPT_PROTOCOLS_STR, string: "http,https")
        easy.set(CURLOPT_REDIR_PROTOCOLS_STR, string: "http,https")
        easy.set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1))
        switch request.body {
        case .none:
            easy.set(CURLOPT_HTTPGET, 1)
        case .head:
            easy.set(CURLOPT_NOBODY, 1)
        case .customWithoutBody:
            easy.set(CURLOPT_CUSTOMREQUEST, string: request.method)
        case .bytes(let bytes):
            easy.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(bytes.count))
            // COPYPOSTFIELDS copies `POSTFIELDSIZE_LARGE` bytes now, so the array need not outlive this call.
            var storage = bytes.isEmpty ? [0] : bytes
            storage.withUnsafeMutableBytes { easy.set(CURLOPT_COPYPOSTFIELDS, pointer: $0.baseAddress) }
            if request.method != "POST" { easy.set(CURLOPT_CUSTOMREQUEST, string: request.method) }
        }
        easy.set(CURLOPT_HTTPHEADER, list: request.headerLines)
        if let userAgent = configuration.userAgent { easy.set(CURLOPT_USERAGENT, string: userAgent) }

        easy.set(CURLOPT_TIMEOUT_MS, request.timeoutMilliseconds)
        easy.set(CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeoutMilliseconds)
        easy.set(CURLOPT_TCP_KEEPALIVE, 1)

        // Verification is always on; a private CA is trusted by pointing at its bundle, never by skipping.
        easy.set(CURLOPT_SSL_VERIFYPEER, 1)
        easy.set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caBundlePath = configuration.caBundlePath { easy.set(CURLOPT_CAINFO, string: caBundlePath) }

        // An empty proxy disables the http_proxy/https_proxy/all_proxy environment variables.
        easy.set(CURLOPT_PROXY, string: configuration.proxy ?? "")
        easy.set(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1)

        let redirects = configuration.redirectPolicy.maximumRedirects
        easy.set(CURLOPT_FOLLOWLOCATION, redirects > 0 ? 1 : 0)
        if redirects > 0 { easy.set(CURLOPT_MAXREDIRS, redirects) }

        // Rejects a too-large Content-Length before reading; the write callback covers chunked bodies.
        // Not for HEAD, whose Content-Length announces a body that never comes.
        if request.body != .head { easy.set(CURLOPT_MAXFILESIZE_LARGE, offset: Int64(maximumBodySize)) }

        let context = Unmanaged.passUnretained(self).toOpaque()
        easy.set(
            CURLOPT_HEADERFUNCTION,
            writeCallback: { buffer, size, count, context in
                guard let context else { return 0 }
                let transfer = Unmanaged<HTTPTransfer>.fromOpaque(context).takeUnretainedValue()
                let length = size * count
                transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: buffer, count: length))
                return length
            }
        )
        easy.set(CURLOPT_HEADERDATA, pointer: context)
        easy.set(
            CURLOPT_WRITEFUNCTION,
            writeCallback: { buffer, size, count, context in
                guard let context else { return 0 }
                let transfer = Unmanaged<HTTPTransfer>.fromOpaque(context).takeUnretainedValue()
                let length = size * count
                // Returning less than `length` makes libcurl fail the transfer with CURLE_WRITE_ERROR.
                return transfer.receiveBody(UnsafeRawBufferPointer(start: buffer, count: length)) ? length : 0
            }
        )
        easy.set(CURLOPT_WRITEDATA, pointer: context)
    }

    private func receiveHeaderLine(_ line: UnsafeRawBufferPointer) {
        if head.feed(line) == .responseStarted { body.removeAll(keepingCapacity: true) }
    }

    private func receiveBody(_ chunk: UnsafeRawBufferPointer) -> Bool {
        guard body.count + chunk.count <= maximumBodySize else {
            exceededBodyLimit = true
            return false
        }
        body.append(contentsOf: chunk)
        return true
    }

    func finish(_ outcome: CurlTransferOutcome) {
        if let opened = easy.info(long: CURLINFO_NUM_CONNECTS), opened > 0 { connectionCounter.add(opened) }
        let result = makeResult(outcome)
        let milliseconds = (ContinuousClock.now - startedAt) / .milliseconds(1)
        switch result {
        case .success(let response):
            logger.debug(
                "http client request finished",
                metadata: [
                    LogKeys.httpMethod: method, LogKeys.httpStatus: "\(response.status.code)",
                    LogKeys.durationMilliseconds: "\(Int(milliseconds))",
                ]
            )
        case .failure(let error):
            logger.debug(
                "http client request failed",
                metadata: [
                    LogKeys.httpMethod: method, LogKeys.error: "\(error)",
                    LogKeys.durationMilliseconds: "\(Int(milliseconds))",
                ]
            )
        }
        completion.complete(result)
    }

    private func makeResult(_ outcome: CurlTransferOutcome) -> Result<HTTPClientResponse, HTTPClientError> {
        switch outcome {
        case .completed(let code) where code == CURLE_OK:
            guard let status = head.status ?? easy.info(long: CURLINFO_RESPONSE_CODE).map({ HTTPStatus(code: $0) })
            else {
                return .failure(HTTPClientError(code: .transport, reason: "no status line received"))
            }
            return .success(HTTPClientResponse(status: status, headers: head.headers, body: body))
        case .completed(let code):
            if exceededBodyLimit { return .failure(HTTPClientError(code: .responseTooLarge)) }
            return .failure(HTTPClientError(curlCode: code, message: easy.errorMessage))
        case .cancelled:
            return .failure(HTTPClientError(code: .cancelled))
        case .shutdown:
            return .failure(HTTPClientError(code: .shutdown))
        case .failedToStart(let code):
            return .failure(
                HTTPClientError(
                    code: .transport,
                    curlMessage: String(cString: curl_multi_strerror(code)),
                    reason: "curl_multi_add_handle failed"
                )
            )
        }
    }
}
