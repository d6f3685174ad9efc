import GatewayService
import Glibc
import HTTPCore
import HTTPRouter
import HTTPUpstream
import JWT
import ServiceIdentity
import ServiceRuntime
import Synchronization
import TestSupport
import Testing

/// A stand-in for the auth service: contract C2's internal session API over a table the test controls,
/// plus an echo of every other `/api/v1` request (like ``EchoUpstream``).
final class FakeAuth: Sendable {
    struct State {
        var sessions: [String: Session] = [:]
        /// The change feed; a change's sequence number is its index + 1.
        var log: [Session] = []
        var lookups: [String: Int] = [:]
        var feedPolls = 0
        var feedDown = false
        var lookupsDown = false
        var lookupDelay: Duration = .zero
        var forbiddenCallers = 0
    }

    let state = Mutex(State())
    let echo = EchoUpstream(name: "auth")

    /// Creates or changes a user's session, recording the change in the feed.
    func set(_ session: Session) {
        state.withLock { state in
            state.sessions[session.userId] = session
            state.log.append(session)
        }
    }

    func lookups(of userID: String) -> Int { state.withLock { $0.lookups[userID] ?? 0 } }
    var feedPolls: Int { state.withLock { $0.feedPolls } }
    var forbiddenCallers: Int { state.withLock { $0.forbiddenCallers } }

    func update(_ change: (inout State) -> Void) { state.withLock { change(&$0) } }

    var build: @Sendable (ServiceEnvironment) throws -> ServiceApplication<ServiceRequestContext> {
        { environment in
            let router = environment.makeRouter(context: ServiceRequestContext.self)
            let internalGroup = try environment.internalAPI(router, path: "/api/v1/internal")
            internalGroup.get("/sessions/changes") { request, context in
                try self.requireService(context)
                let page: SessionChanges? = self.state.withLock { state in
                    state.feedPolls += 1
                    guard !state.feedDown else { return nil }
                    guard let after = request.query["after"] else {
                        return SessionChanges(cursor: String(state.log.count), changes: [])
                    }
                    let start = min(Int(after) ?? 0, state.log.count)
                    let end = min(start + 1000, state.log.count)
                    return SessionChanges(cursor: String(end), changes: Array(state.log[start..<end]))
                }
                guard let page else { throw HTTPError(.serviceUnavailable, message: "feed down") }
                return HTTPResponse(
                    status: .ok,
                    headers: ["Content-Type": "application/json"],
                    bytes: try JSONCoding.encode(page)
                )
            }
            internalGroup.get("/sessions/{userId}") { _, context in
                try self.requireService(context)
                let userID = try context.parameters.require("userId")
                let (session, down, delay) = self.state.withLock { state in
                    state.lookups[userID, default: 0] += 1
                    return (state.sessions[userID], state.lookupsDown, state.lookupDelay)
                }
                if delay > .zero { try await Task.sleep(for: delay) }
                if down { throw HTTPError(.serviceUnavailable, message: "lookups down") }
                guard let session else { throw HTTPError(.notFound, message: "No such user") }
                return HTTPResponse(
                    status: .ok,
                    headers: ["Content-Type": "application/json"],
                    bytes: try JSONCoding.encode(session)
                )
            }
            self.echo.register(on: router)
            return ServiceApplication(router: router)
        }
    }

    private func requireService(_ context: ServiceRequestContext) throws {
        guard context.identity?.role == .service, context.identity?.userID == "gateway" else {
            state.withLock { $0.forbiddenCallers += 1 }
            throw HTTPError(.forbidden, code: .forbidden, message: "Forbidden")
        }
    }
}

/// An upstream that answers every `/api/v1/**` and `/webhooks/stripe` request with what it received
/// (method, target and chosen fields in `X-Seen-*` response fields, the body verbatim) and counts requests.
final class EchoUpstream: Sendable {
    let name: String
    private let hits = Atomic<Int>(0)

    init(name: String) { self.name = name }

    /// Requests that reached this upstream.
    var hitCount: Int { hits.load(ordering: .relaxed) }

    func register<Context: RequestContext>(on router: Router<Context>) {
        for method in [HTTPMethod.get, .post, .put, .patch, .delete] {
            for path in ["/api/v1/**", "/webhooks/stripe"] {
                router.on(path, method: method, options: RouteOptions(maxBodyBytes: 1 << 20)) {
                    [self] request, _ in
                    hits.add(1, ordering: .relaxed)
                    if request.path.hasSuffix("/slow") { try await Task.sleep(for: .seconds(3)) }
                    var headers: HTTPFields = [
                        "X-Seen-Service": name, "X-Seen-Method": request.method.rawValue,
                        "X-Seen-Target": request.head.target,
                        "Content-Type": request.headers["Content-Type"] ?? "application/octet-stream",
                    ]
                    for field in [
                        "X-PayLinks-Identity", "Authorization", "X-Request-Id", "X-Forwarded-For", "X-Custom",
                        "X-Currency",
                    ] {
                        let values = request.headers.values(for: field)
                        if !values.isEmpty { headers.add("X-Seen-\(field)", values.joined(separator: " | ")) }
                    }
                    headers.add("Set-Cookie", "a=1")
                    headers.add("Set-Cookie", "b=2")
                    if request.path.hasSuffix("/limited") {
                        headers.add("Retry-After", "42")
                        headers.add("RateLimit-Limit", "5")
                        headers.add("RateLimit-Remaining", "0")
                        headers.add("RateLimit-Reset", "42")
                        return HTTPResponse(status: .tooManyRequests, headers: headers, bytes: request.body)
                    }
                    return HTTPResponse(status: .ok, headers: headers, bytes: request.body)
                }
            }
        }
    }

    var build: @Sendable (ServiceEnvironment) -> ServiceApplication<BasicRequestContext> {
        { [self] environment in
            let router = environment.makeRouter(context: BasicRequestContext.self)
            register(on: router)
            return ServiceApplication(router: router)
        }
    }
}

/// The gateway in-process in front of a ``FakeAuth`` and echo services for catalog and payments (messaging
/// points at the catalog echo).
struct GatewayHarness: Sendable {
    static let jwtSecret = String(repeating: "j", count: 40)
    static let internalKey = LiveService.internalKey

    let port: Int
    let auth: FakeAuth
    let catalog: EchoUpstream
    let payments: EchoUpstream

    /// Runs `body` against a fresh gateway with these settings (rate limits off unless given, so tests of
    /// other concerns are not limited).
    static func with(
        paymentsDown: Bool = false,
        sessions: GatewayConfiguration.Sessions = .init(),
        rateLimits: GatewayConfiguration.RateLimits = .off,
        trustedProxies: TrustedProxies = TrustedProxies(),
        corsOrigins: [String] = ["http://localhost:8080"],
        hsts: Bool = false,
        _ body: (GatewayHarness) async throws -> Void
    ) async throws {
        let auth = FakeAuth()
        let catalog = EchoUpstream(name: "catalog")
        let payments = EchoUpstream(name: "payments")
        try await LiveService.withService(name: "auth", database: false, build: auth.build) { authService in
            try await LiveService.withService(name: "catalog", database: false, build: catalog.build) {
                catalogService in
                try await LiveService.withService(name: "payments", database: false, build: payments.build) {
                    paymentsService in
                    let paymentsPort = paymentsDown ? try closedPort() : paymentsService.port
                    let configuration = GatewayConfiguration(
                        upstreams: [
                            .auth: HTTPUpstreamAddress(url: "http://127.0.0.1:\(authService.port)")!,
                            .catalog: HTTPUpstreamAddress(url: "http://127.0.0.1:\(catalogService.port)")!,
                            .payments: HTTPUpstreamAddress(url: "http://127.0.0.1:\(paymentsPort)")!,
                            .messaging: HTTPUpstreamAddress(url: "http://127.0.0.1:\(catalogService.port)")!,
                        ],
                        upstreamTimeout: .milliseconds(500),
                        jwtSecret: jwtSecret,
                        sessions: sessions,
                        rateLimits: rateLimits,
                        trustedProxies: trustedProxies,
                        corsOrigins: corsOrigins,
                        hsts: hsts
                    )
                    try await LiveService.withService(
                        name: "gateway",
                        database: false,
                        build: { try GatewayService.make($0, configuration: configuration) }
                    ) { gateway in
                        try await body(
                            GatewayHarness(port: gateway.port, auth: auth, catalog: catalog, payments: payments)
                        )
                    }
                }
            }
        }
    }

    /// A port nothing listens on (bound then closed).
    static func closedPort() throws -> Int {
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

    func send(
        _ method: String,
        _ target: String,
        headers: [(String, String)] = [],
        body: [UInt8] = []
    ) async throws -> HTTPTestResponse {
        try await HTTPTestClient.exchange(port: port, method, target, headers: headers, body: body)
    }

    /// A signed token for `subject`.
    static func token(subject: String, role: PayLinksClaims.Role = .user, tokenVersion: Int = 0) throws -> String {
        let now = Int64(time(nil))
        let signer = JWTSigner(keys: try JWTKeyCollection(signingSecret: Array(jwtSecret.utf8)))
        return try signer.sign(
            PayLinksClaims(
                subject: subject,
                role: role,
                tokenVersion: tokenVersion,
                issuedAt: now,
                expiresAt: now + 600
            )
        )
    }

    /// `Authorization: Bearer …` for `subject`.
    static func bearer(_ subject: String, tokenVersion: Int = 0) throws -> (String, String) {
        ("Authorization", "Bearer \(try token(subject: subject, tokenVersion: tokenVersion))")
    }

    /// The assertion a service received, verified.
    static func assertion(_ response: HTTPTestResponse, audience: String) throws -> IdentityAssertion {
        let keys = try #require(InternalKeys(current: internalKey))
        return try IdentityAssertion.verify(
            response.header("X-Seen-X-PayLinks-Identity"),
            keys: keys,
            audience: audience,
            now: Int64(time(nil))
        )
    }

    /// Waits (bounded) until the gateway has polled the feed at least `count` times.
    func waitForFeed(polls count: Int = 2) async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while auth.feedPolls < count {
            try #require(ContinuousClock.now < deadline, "the gateway never polled the session feed")
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
