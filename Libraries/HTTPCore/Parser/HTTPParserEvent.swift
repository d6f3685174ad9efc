/// One step of an HTTP request as ``HTTPRequestParser/nextEvent()`` reports it.
///
/// A request is always `.head`, then zero or more `.body` pieces, then `.end`.
package enum HTTPParserEvent: Sendable, Equatable {
    /// The request line and header fields, after the whole header block arrived and the body framing
    /// was validated.
    case head(HTTPRequestHead)
    /// A piece of the body, already de-chunked; a body may arrive in several pieces.
    case body([UInt8])
    /// The request is complete; bytes after it belong to the next (pipelined) request.
    case end
}
