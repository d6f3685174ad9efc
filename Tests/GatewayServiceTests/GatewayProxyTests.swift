import GatewayService
import Glibc
import HTTPCore
import HTTPRouter
import HTTPUpstream
import JWT
import ServiceIdentity
import ServiceRuntime
import TestSupport
import Testing

/// The gateway in-process in front of echo services that report what reached them.
@Suite struct GatewayProxyTests {
    /// The gateway signs with the key every ``LiveService`` is started with.
    private static let internalKey = LiveService.internalKey
    private static let jwtSecret = String(repeating: "j", count: 40)

    /// An upstream that answers every request with what it received: method, target and chosen fields in
    /// `X-Seen-*` response fields, the body verbatim.
    private func echoService(
        _ name: String
    ) -> @Sendable (ServiceEnvironment) -> ServiceApplication<BasicRequestContext> {
        { environment in
            let router = environment.makeRouter(context: BasicRequestContext.self)
            for method in [HTTPMethod.get, .post, .put, .patch, .delete] {
                for path in ["/api/v1/**", "/webhooks/stripe"] {
                    router.on(path, method: method) { request, _ in
                        if request.path.hasSuffix("/slow") { try await Task.sleep(for: .seconds(3)) }
                        var headers: HTTPFields = [
                            "X-Seen-Service": name, "X-Seen-Method": request.method.rawValue,
                            "X-Seen-Target": request.head.target,
                            "Content-Type": request.headers["Content-Type"] ?? "application/octet-stream",
                        ]
                        for field in [
                            "X-PayLinks-Identity", "Authorization", "X-Request-Id", "X-Forwarded-For", "X-Custom",
                        ] {
                            let values = request.headers.values(for: field)
                            if !values.isEmpty { headers.add("X-Seen-\(field)", values.joined(separator: " | ")) }
                        }
                        headers.add("Set-Cookie", "a=1")
                        headers.add("Set-Cookie", "b=2")
                        return HTTPResponse(status: .ok, headers: headers, bytes: request.body)
                    }
                }
            }
            return ServiceApplication(router: router)
        }
    }

    /// A gateway in front of echo services for auth and catalog; payments points at a closed port and
    /// messaging's requests time out quickly.
    private func withGateway(_ body: (Int) async throws -> Void) async throws {
        try await LiveService.withService(name: "auth", database: false, build: echoService("auth")) { auth in
            try await LiveService.withService(name: "catalog", database: false, build: echoService("catalog")) {
                catalog in
                let authPort = auth.port
                let catalogPort = catalog.port
                let closed = try await Self.closedPort()
                let configuration = GatewayConfiguration(
                    upstreams: [
                        .auth: HTTPUpstreamAddress(url: "http://127.0.0.1:\(authPort)")!,
                        .catalog: HTTPUpstreamAddress(url: "http://127.0.0.1:\(catalogPort)")!,
                        .payments: HTTPUpstreamAddress(url: "http://127.0.0.1:\(closed)")!,
                        .messaging: HTTPUpstreamAddress(url: "http://127.0.0.1:\(catalogPort)")!,
                    ],
                    upstreamTimeout: .milliseconds(500),
                    jwtSecret: Self.jwtSecret
                )
                try await LiveService.withService(
                    name: "gateway",
                    database: false,
                    build: { try GatewayService.make($0, configuration: configuration) }
                ) { gateway in try await body(gateway.port) }
            }
        }
    }

    /// A port nothing listens on (bound then closed).
    private static func closedPort() async throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
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

    private func token(subject: String, role: PayLinksClaims.Role = .user) throws -> String {
        let now = Int64(time(nil))
        let signer = JWTSigner(keys: try JWTKeyCollection(signingSecret: Array(Self.jwtSecret.utf8)))
        return try signer.sign(
            PayLinksClaims(subject: subject, role: role, tokenVersion: 0, issuedAt: now, expiresAt: now + 600)
        )
    }

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
                headers: [("Content-Type", "text/plain; charset=utf-8"), ("X-Custom", "one"), ("X-Custom", "two")],
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

            let me = try await send(port, "GET", "/api/v1/me")
            #expect(me.header("X-Seen-Service") == "auth")
            let email = try await send(port, "DELETE", "/api/v1/email/broadcasts/1")
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
                "/api/v1/me",
                headers: [
                    ("X-PayLinks-Identity", forged), ("X-Request-Id", "trace-123"), ("X-Forwarded-For", "6.6.6.6"),
                ]
            )
            let seen = try #require(anonymous.header("X-Seen-X-PayLinks-Identity"))
            let asserted = try IdentityAssertion.verify(seen, keys: keys, audience: "auth", now: Int64(time(nil)))
            #expect(asserted.identity == .anonymous)
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
            #expect(user.identity == CallerIdentity(userID: "seller-1", role: .user))
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
            let down = try await send(port, "GET", "/api/v1/transactions")
            #expect(clock.now - started < .seconds(1))
            #expect(down.status == 502)
            #expect(
                down.bodyText == #"{"error":{"message":"The payments service is unavailable","code":"BAD_GATEWAY"}}"#
            )

            let slowStart = clock.now
            let slow = try await send(port, "GET", "/api/v1/paylinks/slow")
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
