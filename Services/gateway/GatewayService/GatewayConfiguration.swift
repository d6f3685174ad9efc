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
/// | `GATEWAY_SESSION_POLL_INTERVAL` | `250ms` | how often the session change feed of auth is polled |
/// | `GATEWAY_SESSION_STALE_AFTER` | `2s` | without a successful poll for this long, cached sessions are not trusted and every request looks its user up at auth (503 when auth cannot answer) |
/// | `GATEWAY_SESSION_LOOKUP_TIMEOUT` | `2s` | how long one session lookup or feed poll at auth may take |
/// | `GATEWAY_SESSION_CACHE_SIZE` | `100000` | users whose session is cached; the least recently used are evicted beyond it |
/// | `GATEWAY_RATE_LIMIT_IP` | `600/60s` | token bucket per client IP over every forwarded request: `<capacity>/<duration>` (a full bucket holds `capacity` requests and refills completely in `duration`), or `off` |
/// | `GATEWAY_RATE_LIMIT_USER` | `1200/60s` | token bucket per authenticated user, same format |
/// | `GATEWAY_RATE_LIMIT_AUTH_IP` | `30/60s` | an extra, stricter bucket per client IP on `/api/v1/auth/**` |
/// | `GATEWAY_RATE_LIMIT_MAX_KEYS` | `100000` | buckets kept per limiter (idle, full buckets are swept first) |
/// | `GATEWAY_TRUSTED_PROXIES` | empty | comma list of IPs or CIDRs (`10.0.0.0/8, ::1`); when the TCP peer is one, the client IP is the right-most `X-Forwarded-For` entry that is not |
/// | `GATEWAY_CORS_ORIGINS` | `http://localhost:8080` | comma list of browser origins allowed to call the API (`*` for any) |
/// | `GATEWAY_HSTS` | `false` | send `Strict-Transport-Security` (only behind TLS) |
package struct GatewayConfiguration: Sendable {
    /// Where each service listens.
    package var upstreams: [UpstreamService: HTTPUpstreamAddress]
    /// How long a service may take to answer a forwarded request.
    package var upstreamTimeout: Duration
    /// How long connecting to a service may take.
    package var connectTimeout: Duration
    /// The JWT secret, `nil` when not configured.
    package var jwtSecret: String?
    /// Session cache and change feed settings.
    package var sessions: Sessions
    /// Rate limits; `nil` disables one.
    package var rateLimits: RateLimits
    /// Proxies whose `X-Forwarded-For` is believed.
    package var trustedProxies: TrustedProxies
    /// Browser origins allowed by CORS; `["*"]` allows any.
    package var corsOrigins: [String]
    /// Whether responses carry `Strict-Transport-Security`.
    package var hsts: Bool

    /// The session settings (DESIGN §6: a bumped tokenVersion is refused within a second).
    package struct Sessions: Sendable {
        /// How often the change feed is polled; 250 ms by default.
        package var pollInterval: Duration
        /// How long without a successful poll before cached sessions are distrusted; 2 s by default.
        package var staleAfter: Duration
        /// How long one call to auth may take; 2 s by default.
        package var lookupTimeout: Duration
        /// How many users are cached; 100 000 by default.
        package var cacheCapacity: Int

        /// Creates session settings.
        package init(
            pollInterval: Duration = .milliseconds(250),
            staleAfter: Duration = .seconds(2),
            lookupTimeout: Duration = .seconds(2),
            cacheCapacity: Int = 100_000
        ) {
            self.pollInterval = pollInterval
            self.staleAfter = staleAfter
            self.lookupTimeout = lookupTimeout
            self.cacheCapacity = cacheCapacity
        }
    }

    /// The token bucket limits; `nil` turns one off.
    package struct RateLimits: Sendable {
        /// Per client IP, every forwarded request; `600/60s` by default.
        package var perIP: RateLimitPolicy?
        /// Per authenticated user; `1200/60s` by default.
        package var perUser: RateLimitPolicy?
        /// Per client IP on `/api/v1/auth/**`, on top of ``perIP``; `30/60s` by default.
        package var authPerIP: RateLimitPolicy?
        /// Buckets kept per limiter; 100 000 by default.
        package var maxKeys: Int

        /// Creates limits.
        package init(
            perIP: RateLimitPolicy? = RateLimitPolicy(capacity: 600, period: .seconds(60)),
            perUser: RateLimitPolicy? = RateLimitPolicy(capacity: 1200, period: .seconds(60)),
            authPerIP: RateLimitPolicy? = RateLimitPolicy(capacity: 30, period: .seconds(60)),
            maxKeys: Int = 100_000
        ) {
            self.perIP = perIP
            self.perUser = perUser
            self.authPerIP = authPerIP
            self.maxKeys = maxKeys
        }

        /// Every limiter off (benchmarks, tests of other concerns).
        package static let off = RateLimits(perIP: nil, perUser: nil, authPerIP: nil)
    }

    /// Creates a configuration.
    package init(
        upstreams: [UpstreamService: HTTPUpstreamAddress],
        upstreamTimeout: Duration = .seconds(30),
        connectTimeout: Duration = .seconds(1),
        jwtSecret: String? = nil,
        sessions: Sessions = Sessions(),
        rateLimits: RateLimits = RateLimits(),
        trustedProxies: TrustedProxies = TrustedProxies(),
        corsOrigins: [String] = ["http://localhost:8080"],
        hsts: Bool = false
    ) {
        self.upstreams = upstreams
        self.upstreamTimeout = upstreamTimeout
        self.connectTimeout = connectTimeout
        self.jwtSecret = jwtSecret
        self.sessions = sessions
        self.rateLimits = rateLimits
        self.trustedProxies = trustedProxies
        self.corsOrigins = corsOrigins
        self.hsts = hsts
    }

    /// Reads the settings in the table above.
    ///
    /// - Throws: ``ConfigError`` naming the first invalid key.
    package init(reader: ConfigReader) throws(ConfigError) {
        let gateway = reader.scoped("GATEWAY")
        let upstream = gateway.scoped("UPSTREAM")
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
        let session = gateway.scoped("SESSION")
        let sessions = Sessions(
            pollInterval: try session.duration("POLL_INTERVAL", default: .milliseconds(250)),
            staleAfter: try session.duration("STALE_AFTER", default: .seconds(2)),
            lookupTimeout: try session.duration("LOOKUP_TIMEOUT", default: .seconds(2)),
            cacheCapacity: try session.int("CACHE_SIZE", default: 100_000, range: 1...10_000_000)
        )
        let limits = gateway.scoped("RATE_LIMIT")
        let defaults = RateLimits()
        let rateLimits = RateLimits(
            perIP: try Self.policy(limits, "IP", default: defaults.perIP),
            perUser: try Self.policy(limits, "USER", default: defaults.perUser),
            authPerIP: try Self.policy(limits, "AUTH_IP", default: defaults.authPerIP),
            maxKeys: try limits.int("MAX_KEYS", default: 100_000, range: 64...100_000_000)
        )
        let proxies = gateway.list("TRUSTED_PROXIES")
        guard let trustedProxies = TrustedProxies(proxies) else {
            throw ConfigError(
                key: gateway.fullKey("TRUSTED_PROXIES"),
                problem: "must be a comma list of IP addresses or CIDRs such as 10.0.0.0/8 (got \"\(proxies)\")"
            )
        }
        self.init(
            upstreams: upstreams,
            upstreamTimeout: try upstream.duration("TIMEOUT", default: .seconds(30)),
            connectTimeout: try upstream.duration("CONNECT_TIMEOUT", default: .seconds(1)),
            jwtSecret: secret,
            sessions: sessions,
            rateLimits: rateLimits,
            trustedProxies: trustedProxies,
            corsOrigins: gateway.list("CORS_ORIGINS", default: ["http://localhost:8080"]),
            hsts: try gateway.bool("HSTS", default: false)
        )
    }

    private static func policy(
        _ reader: ConfigReader,
        _ key: String,
        default defaultValue: RateLimitPolicy?
    ) throws(ConfigError) -> RateLimitPolicy? {
        guard let text = reader.optionalString(key) else { return defaultValue }
        if text.lowercased() == "off" { return nil }
        guard let policy = RateLimitPolicy(parsing: text) else {
            throw ConfigError(
                key: reader.fullKey(key),
                problem: "must be <requests>/<duration> such as 600/60s, or off (got \"\(text)\")"
            )
        }
        return policy
    }
}
