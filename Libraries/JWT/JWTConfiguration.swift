/// Limits and tolerances shared by ``JWTSigner`` and ``RS256Verifier``.
package struct JWTConfiguration: Hashable, Sendable {
    /// The largest accepted ``leeway``: 5 minutes.
    package static let maximumLeeway: Int64 = 300

    /// Allowed clock skew in seconds when checking `exp`, `nbf` and `iat`. Default 0; 0…300.
    package let leeway: Int64
    /// The longest token accepted, in UTF-8 bytes, checked before any decoding. Default 8192; 1…65536.
    package let maximumTokenLength: Int

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - leeway: Allowed clock skew in seconds, 0…300 (default 0). 30–60 s suits tokens from other issuers.
    ///   - maximumTokenLength: The longest accepted token in bytes, 1…65536 (default 8 KiB).
    package init(leeway: Int64 = 0, maximumTokenLength: Int = 8192) {
        precondition((0...Self.maximumLeeway).contains(leeway), "JWT leeway must be 0...300 seconds")
        precondition((1...65536).contains(maximumTokenLength), "JWT maximumTokenLength must be 1...65536")
        self.leeway = leeway
        self.maximumTokenLength = maximumTokenLength
    }
}
