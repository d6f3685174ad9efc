import ConfigKit
import GatewayService
import Testing

@Suite struct GatewayConfigurationTests {
    @Test func defaultsMatchTheDocumentedTable() throws {
        let configuration = try GatewayConfiguration(reader: ConfigReader(values: [:]))
        #expect(configuration.sessions.pollInterval == .milliseconds(250))
        #expect(configuration.sessions.staleAfter == .seconds(2))
        #expect(configuration.sessions.cacheCapacity == 100_000)
        #expect(configuration.rateLimits.perIP == RateLimitPolicy(capacity: 600, period: .seconds(60)))
        #expect(configuration.rateLimits.perUser == RateLimitPolicy(capacity: 1200, period: .seconds(60)))
        #expect(configuration.rateLimits.authPerIP == RateLimitPolicy(capacity: 30, period: .seconds(60)))
        #expect(configuration.trustedProxies.isEmpty)
        #expect(configuration.corsOrigins == ["http://localhost:8080"])
        #expect(!configuration.hsts)
    }

    @Test func readsEveryEdgeKey() throws {
        let configuration = try GatewayConfiguration(
            reader: ConfigReader(values: [
                "GATEWAY_SESSION_POLL_INTERVAL": "100ms", "GATEWAY_SESSION_STALE_AFTER": "1s",
                "GATEWAY_SESSION_LOOKUP_TIMEOUT": "500ms", "GATEWAY_SESSION_CACHE_SIZE": "10",
                "GATEWAY_RATE_LIMIT_IP": "off", "GATEWAY_RATE_LIMIT_USER": "5/1s", "GATEWAY_RATE_LIMIT_AUTH_IP": "OFF",
                "GATEWAY_TRUSTED_PROXIES": "10.0.0.0/8, 127.0.0.1", "GATEWAY_CORS_ORIGINS": "https://a.ro,https://b.ro",
                "GATEWAY_HSTS": "on",
            ])
        )
        #expect(configuration.sessions.pollInterval == .milliseconds(100))
        #expect(configuration.sessions.staleAfter == .seconds(1))
        #expect(configuration.sessions.lookupTimeout == .milliseconds(500))
        #expect(configuration.sessions.cacheCapacity == 10)
        #expect(configuration.rateLimits.perIP == nil)
        #expect(configuration.rateLimits.perUser == RateLimitPolicy(capacity: 5, period: .seconds(1)))
        #expect(configuration.rateLimits.authPerIP == nil)
        #expect(configuration.trustedProxies.contains("10.2.3.4"))
        #expect(configuration.trustedProxies.contains("127.0.0.1"))
        #expect(configuration.corsOrigins == ["https://a.ro", "https://b.ro"])
        #expect(configuration.hsts)
    }

    @Test(arguments: [
        ("GATEWAY_RATE_LIMIT_IP", "600"), ("GATEWAY_RATE_LIMIT_USER", "0/60s"), ("GATEWAY_RATE_LIMIT_AUTH_IP", "x"),
        ("GATEWAY_TRUSTED_PROXIES", "proxy.internal"), ("GATEWAY_SESSION_STALE_AFTER", "soon"),
        ("GATEWAY_HSTS", "maybe"), ("GATEWAY_SESSION_CACHE_SIZE", "0"),
    ])
    func badValuesNameTheirKey(key: String, value: String) {
        do {
            _ = try GatewayConfiguration(reader: ConfigReader(values: [key: value]))
            Issue.record("\(key)=\(value) was accepted")
        } catch {
            #expect(error.key == key)
        }
    }
}
