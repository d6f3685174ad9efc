import CCurl

// @unchecked: the CURLM pointer is used only on the engine thread, except `curl_multi_wakeup`, which
// libcurl documents as callable from any thread; the engine calls it only under its state lock while the
// handle is alive, and cleans the handle up only after that lock has stopped allowing wakeups.
/// The engine's `CURLM *`, made Sendable so the engine can hold it.
struct CurlMultiHandle: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer

    /// Creates a multi handle; `nil` if libcurl cannot initialise or allocate.
    init?() {
        guard CurlGlobal.ensureInitialized(), let raw = curl_multi_init() else { return nil }
        self.raw = raw
    }

    func set(_ option: CURLMoption, _ value: Int) {
        _ = ccurl_multi_setopt_long(raw, option, value)
    }
}
