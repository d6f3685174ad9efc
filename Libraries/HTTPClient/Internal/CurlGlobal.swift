import CCurl

/// Process-wide libcurl initialisation.
///
/// `curl_global_init` is not thread-safe and must run once before any other libcurl call; a `static let`
/// initialiser runs exactly once, under the runtime's once-lock, however many threads race to it.
enum CurlGlobal {
    /// `CURLE_OK` once libcurl is initialised; read before creating any handle.
    static let initialization: CURLcode = curl_global_init(ccurl_global_all())

    /// Initialises libcurl if needed and reports whether it worked.
    static func ensureInitialized() -> Bool { initialization == CURLE_OK }
}
