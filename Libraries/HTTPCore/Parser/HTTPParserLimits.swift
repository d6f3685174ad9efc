/// The bounds an ``HTTPRequestParser`` enforces on each request, so a hostile client cannot make the
/// server buffer without limit.
///
/// Every limit is checked as bytes arrive, not after a whole request has been buffered: a client that
/// streams an endless header line is refused (431) as soon as more than ``maxHeaderBytes`` are buffered.
package struct HTTPParserLimits: Sendable, Hashable {
    /// The most bytes the request line plus all header lines may take, CRLFs and the terminating empty
    /// line included; leading empty lines and chunked trailers count too. Default 16 KiB; beyond it the
    /// parser throws ``HTTPParserError/Code/headersTooLarge`` (431).
    package var maxHeaderBytes: Int
    /// The most header fields (trailer fields included) one request may carry. Default 100; beyond it
    /// the parser throws ``HTTPParserError/Code/tooManyHeaders`` (431).
    package var maxHeaderCount: Int
    /// The largest body a request may have unless ``HTTPRequestParser/setBodyLimit(_:)`` overrides it for
    /// one request. Default 1 MiB; beyond it the parser throws ``HTTPParserError/Code/bodyTooLarge`` (413).
    package var maxBodyBytes: Int
    /// The most bytes a chunk extension (everything between the chunk size and its CRLF) may take.
    /// Default 1 KiB; beyond it the parser throws ``HTTPParserError/Code/chunkExtensionTooLarge`` (400).
    package var maxChunkExtensionBytes: Int

    /// Creates limits; every argument has the default documented on its property.
    package init(
        maxHeaderBytes: Int = 16 * 1024,
        maxHeaderCount: Int = 100,
        maxBodyBytes: Int = 1 << 20,
        maxChunkExtensionBytes: Int = 1024
    ) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
        self.maxChunkExtensionBytes = maxChunkExtensionBytes
    }
}
