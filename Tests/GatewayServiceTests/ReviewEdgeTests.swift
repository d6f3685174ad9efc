import Cryptography
import GatewayService
import Glibc
import JWT
import Synchronization
import TestSupport
import Testing

/// Review regressions for the gateway edge: rate limit keys and the session cache.
@Suite struct ReviewEdgeTests {
    /// One host usually holds a whole IPv6 /64: keying buckets by the full address let it rotate addresses
    /// past every per-IP limit (and flood the limiter's table, evicting other clients' buckets).
    @Test func ipv6ClientsInOneSlash64ShareTheirBuckets() async throws {
        try await GatewayHarness.with(
            rateLimits: .init(perIP: RateLimitPolicy(capacity: 2, period: .seconds(60)), perUser: nil, authPerIP: nil),
            trustedProxies: try #require(TrustedProxies(["127.0.0.1"]))
        ) { gateway in
            let first = try await gateway.send("GET", "/api/v1/ping", headers: [("X-Forwarded-For", "2001:db8:1:2::1")])
            #expect(first.status == 200)
            let second = try await gateway.send(
                "GET",
                "/api/v1/ping",
                headers: [("X-Forwarded-For", "2001:db8:1:2:aaaa:bbbb:cccc:dddd")]
            )
            #expect(second.status == 200)
            #expect(second.header("RateLimit-Remaining") == "0")
            let third = try await gateway.send("GET", "/api/v1/ping", headers: [("X-Forwarded-For", "2001:db8:1:2::9")])
            #expect(third.status == 429)
            // Another /64 has its own bucket, and so has an IPv4 client.
            let other = try await gateway.send("GET", "/api/v1/ping", headers: [("X-Forwarded-For", "2001:db8:1:3::1")])
            #expect(other.status == 200)
            let ipv4 = try await gateway.send("GET", "/api/v1/ping", headers: [("X-Forwarded-For", "203.0.113.9")])
            #expect(ipv4.status == 200)
            // The service still sees the client's full address.
            #expect(first.header("X-Seen-X-Forwarded-For") == "2001:db8:1:2::1")
        }
    }

    @Test func rateLimitKeysGroupIPv6BySlash64AndKeepIPv4() {
        #expect(RateLimiter.clientKey("2001:db8:1:2::1") == RateLimiter.clientKey("2001:DB8:1:2:ffff::"))
        #expect(RateLimiter.clientKey("2001:db8:1:2::1") != RateLimiter.clientKey("2001:db8:1:3::1"))
        #expect(RateLimiter.clientKey("203.0.113.9") == "203.0.113.9")
        #expect(RateLimiter.clientKey("::ffff:203.0.113.9") == "203.0.113.9")
        #expect(RateLimiter.clientKey("not an address") == "not an address")
    }

    /// `1/999999999h` parsed, then trapped (Int64 overflow) when the limiter turned it into nanoseconds.
    @Test func aRateLimitPeriodBeyondAYearIsRefusedAtParsing() {
        #expect(RateLimitPolicy(parsing: "1/999999999h") == nil)
        #expect(RateLimitPolicy(parsing: "1/9999999m") == nil)
        let longest = RateLimitPolicy(parsing: "2/8784h")
        #expect(longest?.period == .seconds(366 * 86_400))
        if let longest {
            let limiter = RateLimiter(policy: longest)
            #expect(limiter.take("k").isAllowed)
            #expect(limiter.take("k").isAllowed)
            #expect(!limiter.take("k").isAllowed)
        }
    }

    /// Bearer edge cases: everything but a current HS256 token with our secret is a 401 before forwarding.
    @Test func badBearerTokensAre401BeforeForwarding() async throws {
        try await GatewayHarness.with { gateway in
            gateway.auth.set(Session(userId: "u1", tokenVersion: 0, role: "USER", defaultCurrency: nil))
            let now = Int64(time(nil))
            func unsigned(_ header: String, _ payload: String, key: String = GatewayHarness.jwtSecret) -> String {
                let input = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8))
                let mac = HMAC.sha256(key: Array(key.utf8), data: Array(input.utf8))
                return input + "." + Base64URL.encode(mac)
            }
            let claims = #"{"sub":"u1","role":"USER","tv":0,"iat":\#(now),"exp":\#(now + 600)}"#
            let good = unsigned(#"{"alg":"HS256","typ":"JWT"}"#, claims)
            #expect(
                try await gateway.send("GET", "/api/v1/me", headers: [("Authorization", "Bearer \(good)")]).status
                    == 200
            )
            let expired = #"{"sub":"u1","role":"USER","tv":0,"iat":\#(now - 700),"exp":\#(now - 100)}"#
            let noTV = #"{"sub":"u1","role":"USER","iat":\#(now),"exp":\#(now + 600)}"#
            let bad: [(String, String)] = [
                ("expired", "Bearer " + unsigned(#"{"alg":"HS256","typ":"JWT"}"#, expired)),
                ("no tv", "Bearer " + unsigned(#"{"alg":"HS256","typ":"JWT"}"#, noTV)),
                (
                    "wrong key",
                    "Bearer "
                        + unsigned(#"{"alg":"HS256","typ":"JWT"}"#, claims, key: String(repeating: "k", count: 40))
                ),
                (
                    "alg none",
                    "Bearer " + Base64URL.encode(Array(#"{"alg":"none"}"#.utf8)) + "."
                        + Base64URL.encode(Array(claims.utf8)) + "."
                ),
                ("RS256 label", "Bearer " + unsigned(#"{"alg":"RS256","typ":"JWT"}"#, claims)),
                ("hs256 lower", "Bearer " + unsigned(#"{"alg":"hs256","typ":"JWT"}"#, claims)),
                ("basic", "Basic \(good)"),
                ("empty", "Bearer "),
                ("two tokens", "Bearer \(good) \(good)"),
            ]
            for (name, value) in bad {
                let response = try await gateway.send("GET", "/api/v1/me", headers: [("Authorization", value)])
                #expect(response.status == 401, "\(name): \(response.bodyText)")
                #expect(response.header("X-Seen-Service") == nil, "\(name) was forwarded")
            }
            let twice = try await gateway.send(
                "GET",
                "/api/v1/me",
                headers: [("Authorization", "Bearer \(good)"), ("Authorization", "Bearer \(good)")]
            )
            #expect(twice.status == 401)
        }
    }

    /// A source that answers lookups with the newest session, like auth after a change the feed page
    /// in flight did not include yet.
    final class NewerSource: SessionSource {
        let current = Mutex(Session(userId: "u", tokenVersion: 2, role: "USER", defaultCurrency: "RON"))
        func session(userID: String) async throws(SessionLookupError) -> Session? { current.withLock { $0 } }
        func changes(after cursor: String?) async throws(SessionLookupError) -> SessionChanges {
            SessionChanges(cursor: "0", changes: [])
        }
    }

    /// A feed page fetched before a lookup must not roll the looked-up (newer) session back: the revoked
    /// tokenVersion would be accepted again until the next poll.
    @Test func anOlderFeedChangeDoesNotRollBackANewerCachedSession() async throws {
        let cache = SessionCache(source: NewerSource(), staleAfter: .seconds(3600))
        cache.feedSucceeded(changes: [], isFirstPage: true)
        #expect(try await cache.session(for: "u")?.tokenVersion == 2)
        // The page (computed before tv 2 committed) arrives after the lookup.
        cache.feedSucceeded(
            changes: [Session(userId: "u", tokenVersion: 1, role: "ADMIN", defaultCurrency: "EUR")],
            isFirstPage: false
        )
        #expect(try await cache.session(for: "u")?.tokenVersion == 2)
        #expect(try await cache.session(for: "u")?.role == "USER")
        // A newer change still applies.
        cache.feedSucceeded(
            changes: [Session(userId: "u", tokenVersion: 3, role: "USER", defaultCurrency: "GBP")],
            isFirstPage: false
        )
        #expect(try await cache.session(for: "u")?.tokenVersion == 3)
        #expect(try await cache.session(for: "u")?.defaultCurrency == "GBP")
    }
}
