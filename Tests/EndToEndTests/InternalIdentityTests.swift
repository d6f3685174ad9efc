import Foundation
import Launcher
import TestSupport
import Testing

extension PlatformTests {
    /// Services reached directly, bypassing the gateway: without a valid signed identity they answer 401.
    @Suite struct InternalIdentityTests {
        /// How an assertion is forged.
        enum Forgery: String, CaseIterable, Sendable {
            case wrongKey, expired, wrongAudience, tamperedSubject, unsigned

            func header(realKey: String, audience: String) throws -> String {
                switch self {
                case .wrongKey:
                    return try Credentials.assertion(key: String(repeating: "f", count: 64), audience: audience)
                case .expired:
                    return try Credentials.assertion(key: realKey, audience: audience, expiresIn: -5)
                case .wrongAudience:
                    let other = audience == "auth" ? "catalog" : "auth"
                    return try Credentials.assertion(key: realKey, audience: other)
                case .tamperedSubject:
                    let genuine = try Credentials.assertion(key: realKey, audience: audience, userID: "u1")
                    let tampered = genuine.replacingOccurrences(of: ";sub=u1;", with: ";sub=u2;")
                    try #require(tampered != genuine, "assertion format changed: \(genuine)")
                    return tampered
                case .unsigned:
                    let genuine = try Credentials.assertion(key: realKey, audience: audience)
                    return String(genuine[..<genuine.range(of: ";sig=")!.lowerBound])
                }
            }
        }

        /// A route of each service under the identity check. Payments and messaging have no `/api/v1` route
        /// yet, so the probe there can only show that nothing answers successfully without an identity.
        static func probe(_ backend: PlatformComponent) -> (path: String, routed: Bool) {
            switch backend {
            case .auth: ("/api/v1/me", true)
            case .catalog: ("/api/v1/ping", true)
            case .payments: ("/api/v1/transactions", false)
            default: ("/api/v1/email/broadcasts", false)
            }
        }

        @Test(arguments: PlatformComponent.backends)
        func aDirectCallWithoutAnIdentityIsRefused(_ backend: PlatformComponent) async throws {
            let platform = try await SharedPlatform.shared.running()
            let (path, routed) = Self.probe(backend)
            let response = try await PlatformHTTP.get(platform.ports.port(of: backend), path)
            if routed {
                #expect(response.status == 401, "\(backend) \(path): \(response.status) \(response.bodyText)")
            } else {
                #expect([401, 404].contains(response.status), "\(backend) \(path): \(response.status)")
            }
            #expect(PlatformHTTP.isJSON(response) && PlatformHTTP.errorCode(response) != nil, "\(response.bodyText)")
        }

        @Test(arguments: Forgery.allCases, [PlatformComponent.auth, .catalog])
        func aForgedIdentityIsRefused(_ forgery: Forgery, _ backend: PlatformComponent) async throws {
            let platform = try await SharedPlatform.shared.running()
            let key = try #require(try await platform.localSecrets()["PAYLINKS_INTERNAL_KEY"])
            let header = try forgery.header(realKey: key, audience: backend.rawValue)
            let response = try await PlatformHTTP.get(
                platform.ports.port(of: backend),
                Self.probe(backend).path,
                headers: [("X-PayLinks-Identity", header)]
            )
            #expect(response.status == 401, "\(forgery) → \(backend): \(response.status) \(response.bodyText)")
            #expect(PlatformHTTP.errorCode(response) != nil, "\(response.bodyText)")
        }

        @Test func aCorrectlySignedIdentityIsAccepted() async throws {
            let platform = try await SharedPlatform.shared.running()
            let key = try #require(try await platform.localSecrets()["PAYLINKS_INTERNAL_KEY"])
            let account = try await APIAccount.signUp(
                email: "direct-\(UUID().uuidString.prefix(8))@paylinks.test",
                client: EdgeClient(port: platform.ports.gateway)
            )
            let me = try await PlatformHTTP.get(
                platform.ports.port(of: .auth),
                "/api/v1/me",
                headers: [
                    (
                        "X-PayLinks-Identity",
                        try Credentials.assertion(key: key, audience: "auth", userID: account.userID)
                    )
                ]
            )
            #expect(me.status == 200, "\(me.bodyText)")
            #expect(PlatformHTTP.object(me)?["id"] as? String == account.userID, "\(me.bodyText)")
            #expect(PlatformHTTP.object(me)?["role"] as? String == "USER", "\(me.bodyText)")
            let ping = try await PlatformHTTP.get(
                platform.ports.port(of: .catalog),
                "/api/v1/ping",
                headers: [("X-PayLinks-Identity", try Credentials.assertion(key: key, audience: "catalog"))]
            )
            #expect(ping.status == 200 && ping.bodyText == "pong", "\(ping.status) \(ping.bodyText)")
        }
    }
}
