import GatewayService
import Glibc
import HTTPCore
import JWT
import ServiceIdentity
import TestSupport
import Testing

/// The gateway in-process in front of echo services that report what reached them (``GatewayHarness``):
/// auth and catalog answer, payments points at a closed port, and a `/slow` path times out.
@Suite struct GatewayProxyTests {
    private static let internalKey = GatewayHarness.internalKey

    private func withGateway(_ body: (Int) async throws -> Void) async throws {
        try await GatewayHarness.with(paymentsDown: true) { harness in
            harness.auth.set(Session(userId: "seller-1", tokenVersion: 0, role: "USER", defaultCurrency: "RON"))
            try await body(harness.port)
        }
    }

    private func send(
        _ port: Int,
        _ method: String,
        _ target: String,
        headers: [(String, String)] = [],
        body: [UInt8] = []
    ) async throws -> HTTPTestResponse {
        try await HTTPTestClient.exchange(port: port, method, target, headers: headers, body: body)
    }

    private func token(subject: String) throws -> String { try GatewayHarness.token(subject: subject) }

    private func bearer() throws -> (String, String) { try GatewayHarness.bearer("seller-1") }

    @Test func forwardsByTheRouteTableWithBodiesByteForByte() async throws {
        try await withGateway { port in
            let payload = (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            let webhook = try await send(
                port,
                "POST",
                "/webhooks/stripe?x=1",
                headers: [("Content-Type", "application/octet-stream"), ("Stripe-Signature", "t=1,v1=ab")],
                body: payload
            )
            // payments is down in this setup: the webhook must not have gone anywhere else.
            #expect(webhook.status == 502)
            #expect(webhook.header("X-Seen-Service") == nil)

            let link = try await send(
                port,
                "PATCH",
                "/api/v1/paylinks/abc?expand=1&q=%20x",
                headers: [
                    ("Content-Type", "text/plain; charset=utf-8"), ("X-Custom", "one"), ("X-Custom", "two"),
                    try bearer(),
                ],
                body: payload
            )
            #expect(link.status == 200)
            #expect(link.header("X-Seen-Service") == "catalog")
            #expect(link.header("X-Seen-Method") == "PATCH")
            #expect(link.header("X-Seen-Target") == "/api/v1/paylinks/abc?expand=1&q=%20x")
            #expect(link.header("X-Seen-X-Custom") == "one | two")
            #expect(link.header("Content-Type") == "text/plain; charset=utf-8")
            #expect(link.body == payload)
            #expect(link.headers.values(for: "Set-Cookie") == ["a=1", "b=2"])

            let me = try await send(port, "GET", "/api/v1/me", headers: [try bearer()])
            #expect(me.header("X-Seen-Service") == "auth")
            let email = try await send(port, "DELETE", "/api/v1/email/broadcasts/1", headers: [try bearer()])
            #expect(email.header("X-Seen-Service") == "catalog")  // messaging points at the catalog echo here
        }
    }

    @Test func unknownPathsAre404AndOtherMethods405() async throws {
        try await withGateway { port in
            let unknown = try await send(port, "GET", "/api/v1/nothing-here")
            #expect(unknown.status == 404)
            #expect(unknown.bodyText == #"{"error":{"message":"Not found","code":"NOT_FOUND"}}"#)
            let dots = try await send(port, "GET", "/api/v1/paylinks/../me")
            #expect(dots.status == 404)
        }
    }

    @Test func identityComesOnlyFromTheTokenAndIsSignedForTheOwner() async throws {
        let keys = try #require(InternalKeys(current: Self.internalKey))
        try await withGateway { port in
            let forged = IdentityAssertion(
                identity: CallerIdentity(userID: "victim", role: .admin),
                audience: "auth",
                requestID: "x",
                expiresAt: Int64(time(nil)) + 60
            ).encoded(with: keys)
            let anonymous = try await send(
                port,
                "GET",
                "/api/v1/auth/verify",
                headers: [
                    ("X-PayLinks-Identity", forged), ("X-Request-Id", "trace-123"), ("X-Forwarded-For", "6.6.6.6"),
                ]
            )
            let seen = try #require(anonymous.header("X-Seen-X-PayLinks-Identity"))
            let asserted = try IdentityAssertion.verify(seen, keys: keys, audience: "auth", now: Int64(time(nil)))
            #expect(asserted.identity == CallerIdentity(userID: nil, role: .anonymous, currency: "RON"))
            #expect(asserted.requestID == "trace-123")
            #expect(!seen.contains("|"))  // exactly one assertion reached the service
            #expect(anonymous.header("X-Seen-X-Request-Id") == "trace-123")
            #expect(anonymous.header("X-Request-Id") == "trace-123")
            #expect(anonymous.header("X-Seen-X-Forwarded-For") == "127.0.0.1")

            let signedIn = try await send(
                port,
                "GET",
                "/api/v1/paylinks",
                headers: [
                    ("Authorization", "Bearer \(try token(subject: "seller-1"))"), ("X-PayLinks-Identity", forged),
                ]
            )
            let user = try IdentityAssertion.verify(
                signedIn.header("X-Seen-X-PayLinks-Identity"),
                keys: keys,
                audience: "catalog",
                now: Int64(time(nil))
            )
            #expect(user.identity == CallerIdentity(userID: "seller-1", role: .user, currency: "RON"))
            #expect(signedIn.header("X-Seen-Authorization") == nil)

            for bad in ["Bearer nope", "Basic dXNlcjpwYXNz", "Bearer", "Bearer \(try token(subject: "s"))x"] {
                let refused = try await send(port, "GET", "/api/v1/paylinks", headers: [("Authorization", bad)])
                #expect(refused.status == 401, "\(bad)")
                #expect(refused.header("X-Seen-Service") == nil)
                #expect(refused.bodyText == #"{"error":{"message":"Unauthorized","code":"UNAUTHORIZED"}}"#)
            }
        }
    }

    @Test func aServiceThatIsDownIs502FastAndASlowOneIs504() async throws {
        try await withGateway { port in
            let clock = ContinuousClock()
            let started = clock.now
            let down = try await send(port, "GET", "/api/v1/transactions", headers: [try bearer()])
            #expect(clock.now - started < .seconds(1))
            #expect(down.status == 502)
            #expect(
                down.bodyText == #"{"error":{"message":"The payments service is unavailable","code":"BAD_GATEWAY"}}"#
            )

            let slowStart = clock.now
            let slow = try await send(port, "GET", "/api/v1/paylinks/slow", headers: [try bearer()])
            let waited = clock.now - slowStart
            #expect(slow.status == 504)
            #expect(slow.bodyText.contains("GATEWAY_TIMEOUT"))
            #expect(waited >= .milliseconds(450) && waited < .seconds(2))

            let health = try await send(port, "GET", "/healthz/catalog")
            #expect(health.status == 200)
            #expect(health.bodyText == #"{"service":"catalog","status":"ok"}"#)
            let downHealth = try await send(port, "GET", "/healthz/payments")
            #expect(downHealth.status == 502)
            let ready = try await send(port, "GET", "/readyz")
            #expect(ready.status == 503)
            #expect(ready.bodyText.contains(#""payments":"#))
        }
    }
}
