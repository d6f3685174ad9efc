import CCurl

/// One libcurl easy handle plus the memory that must live as long as it: the error buffer and the
/// `curl_slist`s handed to list options.
///
/// The typed `set` methods wrap the `ccurl_easy_setopt_*` shims. A failing option does not throw at once:
/// the first failure is kept in ``firstFailure`` so a transfer can set all its options and check once.
///
/// Threading: confined to the engine thread (created there, used there, freed there).
final class CurlEasyHandle {
    /// The `CURL *`.
    let raw: UnsafeMutableRawPointer
    /// The first option that libcurl refused, and its result code.
    private(set) var firstFailure: (option: CURLoption, code: CURLcode)?

    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var lists: [UnsafeMutablePointer<curl_slist>] = []

    /// Creates an easy handle with an error buffer and `CURLOPT_NOSIGNAL` set; `nil` if libcurl cannot
    /// allocate one.
    init?() {
        guard CurlGlobal.ensureInitialized(), let raw = curl_easy_init() else { return nil }
        self.raw = raw
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        // Timeouts must not use SIGALRM: we are one thread of many.
        set(CURLOPT_NOSIGNAL, 1)
    }

    deinit {
        curl_easy_cleanup(raw)
        for list in lists { curl_slist_free_all(list) }
        errorBuffer.deallocate()
    }

    /// libcurl's message for the last failure of this handle, or `nil` if it wrote none.
    var errorMessage: String? {
        errorBuffer[0] == 0 ? nil : String(cString: errorBuffer)
    }

    func set(_ option: CURLoption, _ value: Int) {
        record(option, ccurl_easy_setopt_long(raw, option, value))
    }

    func set(_ option: CURLoption, offset value: Int64) {
        record(option, ccurl_easy_setopt_off_t(raw, option, curl_off_t(value)))
    }

    /// Sets a string option; libcurl copies the string.
    func set(_ option: CURLoption, string value: String) {
        record(option, value.withCString { ccurl_easy_setopt_string(raw, option, $0) })
    }

    func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?) {
        record(option, ccurl_easy_setopt_pointer(raw, option, value))
    }

    /// Sets a list option (headers, SMTP recipients); the list is freed with the handle.
    func set(_ option: CURLoption, list values: [String]) {
        var list: UnsafeMutablePointer<curl_slist>? = nil
        for value in values {
            guard let appended = curl_slist_append(list, value) else {
                if let list { curl_slist_free_all(list) }
                record(option, CURLE_OUT_OF_MEMORY)
                return
            }
            list = appended
        }
        if let list { lists.append(list) }
        record(option, ccurl_easy_setopt_slist(raw, option, list))
    }

    func set(_ option: CURLoption, writeCallback value: curl_write_callback) {
        record(option, ccurl_easy_setopt_write_callback(raw, option, value))
    }

    func set(_ option: CURLoption, readCallback value: curl_read_callback) {
        record(option, ccurl_easy_setopt_read_callback(raw, option, value))
    }

    /// A `long` transfer info value, or `nil` if libcurl has none.
    func info(long info: CURLINFO) -> Int? {
        var value = 0
        return ccurl_easy_getinfo_long(raw, info, &value) == CURLE_OK ? value : nil
    }

    private func record(_ option: CURLoption, _ code: CURLcode) {
        if code != CURLE_OK, firstFailure == nil { firstFailure = (option, code) }
    }
}
