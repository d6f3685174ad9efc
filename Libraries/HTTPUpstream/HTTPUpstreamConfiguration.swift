package import HTTPCore

/// Settings of an ``HTTPUpstreamClient``; every property has a default suited to the gateway hop.
package struct HTTPUpstreamConfiguration: Sendable {
    /// How long a TCP connect may take before the request fails with
    /// ``HTTPUpstreamError/Code/connectFailed``. Default 1 s, so the gateway can answer 502 quickly; the
    /// request's own deadline still applies when it is earlier.
    package var connectTimeout: Duration = .seconds(1)
    /// The most idle keep-alive connections kept per upstream address on each event loop. Default 64;
    /// a connection released while the pool is full is closed.
    package var maxIdleConnectionsPerLoop: Int = 64
    /// Idle pooled connections older than this are closed. Default 20 s, below the upstream servers' 60 s
    /// idle timeout, so the client nearly always closes first.
    package var idleTimeout: Duration = .seconds(20)
    /// The largest response body accepted; larger ones fail with
    /// ``HTTPUpstreamError/Code/responseTooLarge``. Default 16 MiB.
    package var maxResponseBodyBytes: Int = 16 << 20
    /// Bounds on the response head (status line plus fields, 16 KiB and 100 fields by default) and on chunk
    /// extensions; ``HTTPParserLimits/maxBodyBytes`` is ignored in favour of ``maxResponseBodyBytes``.
    package var limits = HTTPParserLimits()

    /// Creates the default configuration.
    package init() {}

    /// The parser limits for one response.
    var parserLimits: HTTPParserLimits {
        var limits = self.limits
        limits.maxBodyBytes = maxResponseBodyBytes
        return limits
    }
}
