package import ConfigKit
package import HTTPUpstream

/// The gateway's own settings, beyond the standard ``ServiceRuntime/ServiceConfiguration``.
///
/// | key | default | meaning |
/// |---|---|---|
/// | `GATEWAY_UPSTREAM_AUTH_URL` | `http://127.0.0.1:8081` | where the auth service listens |
/// | `GATEWAY_UPSTREAM_CATALOG_URL` | `http://127.0.0.1:8082` | the catalog service |
/// | `GATEWAY_UPSTREAM_PAYMENTS_URL` | `http://127.0.0.1:8083` | the payments service |
/// | `GATEWAY_UPSTREAM_MESSAGING_URL` | `http://127.0.0.1:8084` | the messaging service |
/// | `GATEWAY_UPSTREAM_TIMEOUT` | `30s` | a service that has not answered by then → 504 |
/// | `GATEWAY_UPSTREAM_CONNECT_TIMEOUT` | `1s` | a service that does not accept a connection by then → 502 |
/// | `PAYLINKS_JWT_SECRET` | unset | HS256 secret bearer tokens are verified with (≥ 32 bytes); unset: every caller is anonymous and a bearer token is refused |
package struct GatewayConfiguration: Sendable {
    /// Where each service listens.
    package var upstreams: [UpstreamService: HTTPUpstreamAddress]
    /// How long a service may take to answer a forwarded request.
    package var upstreamTimeout: Duration
    /// How long connecting to a service may take.
    package var connectTimeout: Duration
    /// The JWT secret, `nil` when not configured.
    package var jwtSecret: String?

    /// Creates a configuration.
    package init(
        upstreams: [UpstreamService: HTTPUpstreamAddress],
        upstreamTimeout: Duration = .seconds(30),
        connectTimeout: Duration = .seconds(1),
        jwtSecret: String? = nil
    ) {
        self.upstreams = upstreams
        self.upstreamTimeout = upstreamTimeout
        self.connectTimeout = connectTimeout
        self.jwtSecret = jwtSecret
    }

    /// Reads the settings in the table above.
    ///
    /// - Throws: ``ConfigError`` naming the first invalid key.
    package init(reader: ConfigReader) throws(ConfigError) {
        let upstream = reader.scoped("GATEWAY").scoped("UPSTREAM")
        var upstreams: [UpstreamService: HTTPUpstreamAddress] = [:]
        for service in UpstreamService.allCases {
            let key = "\(service.rawValue.uppercased())_URL"
            let url = upstream.string(key, default: "http://127.0.0.1:\(service.defaultPort)")
            guard let address = HTTPUpstreamAddress(url: url) else {
                throw ConfigError(
                    key: upstream.fullKey(key),
                    problem: "must be http://<ip or localhost>:<port> (got \"\(url)\")"
                )
            }
            upstreams[service] = address
        }
        let secret = reader.scoped("PAYLINKS").optionalString("JWT_SECRET", secret: true)
        if let secret, secret.utf8.count < 32 {
            throw ConfigError(key: "PAYLINKS_JWT_SECRET", problem: "must be at least 32 bytes of random text")
        }
        self.init(
            upstreams: upstreams,
            upstreamTimeout: try upstream.duration("TIMEOUT", default: .seconds(30)),
            connectTimeout: try upstream.duration("CONNECT_TIMEOUT", default: .seconds(1)),
            jwtSecret: secret
        )
    }
}
