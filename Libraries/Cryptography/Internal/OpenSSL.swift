import COpenSSL

/// Algorithm objects fetched once and OpenSSL error-queue helpers.
///
/// Fetching an algorithm (`EVP_MD_fetch`, `EVP_MAC_fetch`) takes a lock and a lookup each time, and the implicit
/// fetch behind `EVP_sha256()` repeats it on every init, so the hot paths use these pre-fetched objects instead.
enum OpenSSL {
    /// The SHA-256 `EVP_MD` from the default provider.
    // nonisolated(unsafe): a fetched EVP_MD is immutable and reference counted; OpenSSL allows sharing it between
    // threads (openssl-threads(7)), and we never free it.
    nonisolated(unsafe) static let sha256: OpaquePointer = {
        guard let md = EVP_MD_fetch(nil, "SHA256", nil) else {
            fatalError("OpenSSL: SHA256 is unavailable: \(drainErrors() ?? "no error")")
        }
        return md
    }()

    /// The HMAC `EVP_MAC` from the default provider.
    // nonisolated(unsafe): as for `sha256`, a fetched EVP_MAC is immutable and shared read-only.
    nonisolated(unsafe) static let hmac: OpaquePointer = {
        guard let mac = EVP_MAC_fetch(nil, "HMAC", nil) else {
            fatalError("OpenSSL: HMAC is unavailable: \(drainErrors() ?? "no error")")
        }
        return mac
    }()

    /// Returns the text of the oldest queued OpenSSL error of this thread and empties the queue.
    ///
    /// OpenSSL's error queue is per thread; leaving entries behind would be blamed on whichever unrelated OpenSSL
    /// user (TLS in libpq or libcurl) runs next on the same thread.
    static func drainErrors() -> String? {
        let code = ERR_get_error()
        defer { ERR_clear_error() }
        guard code != 0 else { return nil }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Terminates the process after an allocation failure inside OpenSSL, as Swift does for its own allocations.
    static func outOfMemory(_ function: String) -> Never {
        fatalError("OpenSSL: \(function) failed to allocate: \(drainErrors() ?? "no error")")
    }

    /// Terminates the process after a failure that only a broken OpenSSL installation can produce.
    static func unexpectedFailure(_ function: String) -> Never {
        fatalError("OpenSSL: \(function) failed: \(drainErrors() ?? "no error")")
    }
}
