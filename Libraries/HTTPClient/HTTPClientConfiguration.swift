/// Settings shared by every request of one ``HTTPClient``.
///
/// The defaults suit calls to internal services and payment providers: TLS peer and host verification
/// with the system CA store, no redirects, no proxy, HTTP/1.1, a 10 s connect timeout and a 10 MiB
/// response limit. Verification cannot be turned off; to trust a private CA, set ``caBundlePath``.
package struct HTTPClientConfiguration: Sendable {
    /// Whether and how far redirects are followed.
    package struct RedirectPolicy: Sendable, Hashable {
        /// The largest number of redirects followed; 0 returns a 3xx response as-is.
        package var maximumRedirects: Int

        /// 3xx responses are returned to the caller unchanged (the default).
        package static let disallow = RedirectPolicy(maximumRedirects: 0)

        /// Follows up to `maximumRedirects` redirects, to `http` and `https` URLs only.
        package static func follow(maximumRedirects: Int = 5) -> RedirectPolicy {
            RedirectPolicy(maximumRedirects: max(0, maximumRedirects))
        }
    }

    /// Upper bound for establishing a connection (TCP plus TLS); a request's own timeout, if shorter, wins.
    package var connectTimeout: Duration = .seconds(10)
    /// The largest response body accepted; a larger one fails with ``HTTPClientError/Code/responseTooLarge``.
    package var maximumResponseBodySize: Int = 10 * 1024 * 1024
    /// A PEM file of CA certificates to trust instead of the system store (tests, private CAs).
    package var caBundlePath: String?
    /// Redirect handling; ``RedirectPolicy/disallow`` by default.
    package var redirectPolicy: RedirectPolicy = .disallow
    /// A proxy URL such as `http://proxy:3128`; `nil` means none. Proxy environment variables are ignored.
    package var proxy: String?
    /// The number of idle connections kept open for reuse (libcurl's connection cache size).
    package var maximumCachedConnections: Int = 32
    /// The most connections opened to one host at a time; further requests wait in line. `nil`: no limit.
    package var maximumConnectionsPerHost: Int?
    /// The `User-Agent` sent when the request has none; `nil` sends no `User-Agent`.
    package var userAgent: String? = "paylinks-http-client"

    /// Creates the default configuration.
    package init() {}
}
