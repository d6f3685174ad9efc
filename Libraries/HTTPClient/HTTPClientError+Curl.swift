import CCurl

extension HTTPClientError {
    /// Maps a libcurl result code (other than `CURLE_OK`) to an error, keeping curl's code and message.
    ///
    /// - Parameter message: libcurl's error buffer for the transfer; `curl_easy_strerror` is used if empty.
    init(curlCode: CURLcode, message: String?) {
        let code: Code =
            switch curlCode {
            case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
                .invalidURL
            case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT:
                .connectFailed
            case CURLE_OPERATION_TIMEDOUT:
                .timeout
            case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
                CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
                CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ENGINE_NOTFOUND,
                CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_SHUTDOWN_FAILED,
                CURLE_USE_SSL_FAILED:
                .tlsFailed
            case CURLE_FILESIZE_EXCEEDED:
                .responseTooLarge
            default:
                .transport
            }
        let fallback = String(cString: curl_easy_strerror(curlCode))
        self.init(
            code: code,
            curlCode: Int(curlCode.rawValue),
            curlMessage: (message?.isEmpty ?? true) ? fallback : message
        )
    }
}
