import AuthService
import Foundation
import HTTPCore
import HTTPRouter
import JWT
import LogKit
import ServiceIdentity
import ServiceRuntime
import Synchronization
import TestSupport
import Testing

/// One C1 request the fake messaging service received.
struct CapturedEmail: Decodable, Sendable {
    var to: String
    var subject: String
    var text: String
    var html: String?
    var category: String
    var sensitive: Bool
    var idempotencyKey: String?
    /// Filled from the assertion, not the body.
    var callerRole: String?
    var callerID: String?

    /// The magic link token in the email's link.
    var token: String? {
        guard let range = text.range(of: "token=") else { return nil }
        return String(text[range.upperBound...].prefix { !$0.isWhitespace && $0 != "&" })
    }

    /// The first line of the text that holds the link.
    var link: String? {
        text.split(separator: "\n").first { $0.contains("token=") }.map(String.init)
    }
}

/// What the fake messaging service has received.
final class MailCapture: Sendable {
    private let storage = Mutex<[CapturedEmail]>([])

    var emails: [CapturedEmail] { storage.withLock { $0 } }

    func append(_ email: CapturedEmail) { storage.withLock { $0.append(email) } }

    /// The emails sent to `address`.
    func emails(to address: String) -> [CapturedEmail] { emails.filter { $0.to == address } }
}

/// A running auth service with a fake messaging service that records contract C1 requests.
struct AuthFixture: Sendable {
    let auth: LiveService
    let mail: MailCapture

    static let jwtSecret = "auth-service-tests-jwt-secret-0123456789-abcdef"

    /// The verifier for tokens the service issues.
    static func verify(_ token: String) throws -> PayLinksClaims {
        let signer = JWTSigner(keys: try JWTKeyCollection(signingSecret: Array(jwtSecret.utf8)))
        return try signer.verify(token, as: PayLinksClaims.self, now: Date())
    }

    /// Runs auth (fresh database) with a capturing messaging service.
    static func run(
        settings: [String: String] = [:],
        logger: Logger = Logger(label: "auth-test", level: .critical),
        messagingReachable: Bool = true,
        _ body: (AuthFixture) async throws -> Void
    ) async throws {
        let mail = MailCapture()
        try await LiveService.withService(name: "messaging", database: false, build: fakeMessaging(mail)) {
            messaging in
            var all = settings
            all["PAYLINKS_JWT_SECRET"] = all["PAYLINKS_JWT_SECRET"] ?? jwtSecret
            // Port 9 (discard) is never served on the test machines: connection refused.
            let port = messagingReachable ? messaging.port : 9
            all["AUTH_UPSTREAM_MESSAGING_URL"] = all["AUTH_UPSTREAM_MESSAGING_URL"] ?? "http://127.0.0.1:\(port)"
            all["AUTH_UPSTREAM_TIMEOUT"] = all["AUTH_UPSTREAM_TIMEOUT"] ?? "3s"
            try await LiveService.withService(
                name: "auth",
                database: true,
                settings: all,
                logger: logger,
                build: AuthService.make
            ) { auth in
                try await body(AuthFixture(auth: auth, mail: mail))
            }
        }
    }

    private static func fakeMessaging(
        _ mail: MailCapture
    ) -> @Sendable (ServiceEnvironment) throws -> ServiceApplication<ServiceRequestContext> {
        { environment in
            let router = environment.makeRouter(context: ServiceRequestContext.self)
            let api = try environment.internalAPI(router)
            api.post("/internal/emails") { request, context in
                var email = try request.decode(as: CapturedEmail.self)
                email.callerRole = context.identity?.role.rawValue
                email.callerID = context.identity?.userID
                mail.append(email)
                return HTTPResponse(
                    status: .accepted,
                    headers: ["Content-Type": "application/json"],
                    bytes: Array(#"{"id":"\#(UUID().uuidString.lowercased())","status":"queued"}"#.utf8)
                )
            }
            return ServiceApplication(router: router)
        }
    }

    // MARK: Requests

    /// Sends JSON (`body` is the JSON text) as `identity`.
    func send(
        _ method: String,
        _ target: String,
        json body: String? = nil,
        as identity: CallerIdentity? = .anonymous,
        headers: [(String, String)] = []
    ) async throws -> HTTPTestResponse {
        var fields = headers
        if body != nil { fields.append(("Content-Type", "application/json")) }
        return try await auth.request(method, target, as: identity, headers: fields, body: Array((body ?? "").utf8))
    }

    /// Requests a magic link for `email` and returns the token from the captured email.
    func requestMagicLink(_ email: String, redirectTo: String? = nil) async throws -> String {
        let before = mail.emails.count
        let redirect = redirectTo.map { #","redirectTo":"\#($0)""# } ?? ""
        let response = try await send("POST", "/api/v1/auth/request", json: #"{"email":"\#(email)"\#(redirect)}"#)
        #expect(response.status == 200, "\(response.bodyText)")
        try #require(mail.emails.count == before + 1)
        return try #require(mail.emails.last?.token)
    }

    /// Signs `email` in by magic link; returns the JWT and the user id.
    func signIn(_ email: String) async throws -> (token: String, userID: String) {
        let token = try await requestMagicLink(email)
        let verified = try await send("GET", "/api/v1/auth/verify?token=\(token)")
        try #require(verified.status == 200, "\(verified.bodyText)")
        let jwt = try #require(try json(verified)["token"] as? String)
        return (jwt, try AuthFixture.verify(jwt).subject.value)
    }

    /// Signs up by API; returns the user id and the first key's credentials.
    func signUp(_ email: String, name: String = "Dev") async throws -> (userID: String, keyID: String, secret: String) {
        let response = try await send(
            "POST",
            "/api/v1/auth/api/signup",
            json: #"{"email":"\#(email)","name":"\#(name)","keyName":"Primary integration"}"#
        )
        try #require(response.status == 201, "\(response.bodyText)")
        let object = try json(response)
        let user = try #require(object["user"] as? [String: Any])
        let key = try #require(object["apiKey"] as? [String: Any])
        return (
            try #require(user["id"] as? String),
            try #require(key["keyId"] as? String),
            try #require(key["keySecret"] as? String)
        )
    }

    /// The caller identity the gateway would assert for `userID`.
    static func user(_ userID: String, role: CallerIdentity.Role = .user) -> CallerIdentity {
        CallerIdentity(userID: userID, role: role)
    }
}

/// The JSON object of a response.
func json(_ response: HTTPTestResponse) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any], "\(response.bodyText)")
}

/// The `error.code` of an error response.
func errorCode(_ response: HTTPTestResponse) -> String? {
    ((try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])?["error"] as? [String: Any])?[
        "code"
    ] as? String
}

/// The `error.message` of an error response.
func errorMessage(_ response: HTTPTestResponse) -> String? {
    ((try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])?["error"] as? [String: Any])?[
        "message"
    ] as? String
}
