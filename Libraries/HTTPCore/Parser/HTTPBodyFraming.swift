/// How the body of a request is delimited (RFC 9112 §6.3).
package enum HTTPBodyFraming: Sendable, Hashable {
    /// The request has no body: neither `Content-Length` nor `Transfer-Encoding` was sent.
    case none
    /// The body is exactly this many bytes, from `Content-Length` (which may be 0).
    case length(Int)
    /// The body uses the chunked transfer coding; its length is known only at the last chunk.
    case chunked
}
