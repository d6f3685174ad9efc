/// Splits an origin-form request target into path and query by scanning bytes.
///
/// Equivalent to `HTTPRequestHead.path`/`query` but without walking `Character`s, which matters on the
/// per-request path.
enum RequestTarget {
    /// The path (still percent-encoded) and the query after `?`, if any.
    static func split(_ target: String) -> (path: Substring, query: Substring?) {
        let offset = target.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.firstIndex(of: UInt8(ascii: "?"))
        }
        let mark =
            if let offset {
                offset.map { target.utf8.index(target.utf8.startIndex, offsetBy: $0) }
            } else {
                target.utf8.firstIndex(of: UInt8(ascii: "?"))
            }
        guard let mark else { return (target[...], nil) }
        return (target[..<mark], target[target.utf8.index(after: mark)...])
    }
}
