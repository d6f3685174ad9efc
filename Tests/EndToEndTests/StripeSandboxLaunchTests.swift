import Foundation
import Launcher
import TestSupport
import Testing

extension PlatformTests {
    /// `paylinks up` starts the Stripe sandbox beside the services, on the local cluster with its own role and
    /// schema, and points the payments service at it.
    @Suite struct StripeSandboxLaunchTests {
        private static let secretKey = "sk_test_paylinks_sandbox"

        @Test func theLauncherRunsTheSandboxAndItAnswersStripeCalls() async throws {
            let platform = try await SharedPlatform.shared.running()
            let children = try await platform.children()
            #expect(children["stripe-sandbox"]?.count == 1, "\(children)")
            let port = platform.ports.port(of: .stripeSandbox)

            let health = try await PlatformHTTP.get(port, "/healthz")
            #expect(health.status == 200, "\(health.bodyText)")
            #expect(PlatformHTTP.object(health)?["service"] as? String == "stripe_sandbox", "\(health.bodyText)")
            let ready = try await PlatformHTTP.get(port, "/readyz")
            #expect(ready.status == 200, "\(ready.bodyText)")

            let balance = try await PlatformHTTP.get(
                port,
                "/v1/balance",
                headers: [("Authorization", "Bearer \(Self.secretKey)")]
            )
            #expect(balance.status == 200, "\(balance.bodyText)")
            #expect(PlatformHTTP.object(balance)?["object"] as? String == "balance", "\(balance.bodyText)")
            #expect(PlatformHTTP.object(balance)?["available"] is [Any], "\(balance.bodyText)")
            let events = try await PlatformHTTP.get(
                port,
                "/v1/events?limit=3",
                headers: [("Authorization", "Basic \(Data("\(Self.secretKey):".utf8).base64EncodedString())")]
            )
            #expect(events.status == 200, "\(events.bodyText)")
            let list = PlatformHTTP.object(events)
            #expect(list?["object"] as? String == "list", "\(events.bodyText)")
            #expect(list?["url"] as? String == "/v1/events", "\(events.bodyText)")
            #expect(list?["data"] is [Any], "\(events.bodyText)")

            let anonymous = try await PlatformHTTP.get(port, "/v1/balance")
            #expect(anonymous.status == 401, "\(anonymous.bodyText)")
            let error = PlatformHTTP.object(anonymous)?["error"] as? [String: Any]
            #expect(error?["type"] as? String == "invalid_request_error", "\(anonymous.bodyText)")
            let wrongKey = try await PlatformHTTP.get(
                port,
                "/v1/balance",
                headers: [("Authorization", "Bearer sk_test_not_the_sandbox_key")]
            )
            #expect(wrongKey.status == 401, "\(wrongKey.bodyText)")
        }

        @Test func paymentsAndTheSandboxShareTheSandboxURLKeysAndWebhookSecret() async throws {
            let platform = try await SharedPlatform.shared.running()
            let webhookSecret = try #require(try await platform.localSecrets()["STRIPE_SANDBOX_WEBHOOK_SECRET"])
            SecretLedger.record(webhookSecret)
            #expect(webhookSecret.hasPrefix("whsec_") && webhookSecret.count == 70, "a whsec_ secret of 256 bits")
            let children = try await platform.children()
            let sandboxPID = try #require(children["stripe-sandbox"]?.first, "\(children)")
            let paymentsPID = try #require(children["payments"]?.first, "\(children)")
            let sandbox = try await Self.environment(of: sandboxPID)
            let payments = try await Self.environment(of: paymentsPID)
            let port = platform.ports.port(of: .stripeSandbox)

            #expect(sandbox["STRIPE_SANDBOX_HTTP_PORT"] == "\(port)")
            #expect(sandbox["STRIPE_SANDBOX_DATABASE_URL"]?.hasPrefix("postgres://stripe_sandbox:") == true)
            #expect(sandbox["STRIPE_SANDBOX_PUBLIC_URL"] == "http://localhost:\(port)")
            #expect(
                sandbox["STRIPE_SANDBOX_WEBHOOK_URL"] == "http://localhost:\(platform.ports.gateway)/webhooks/stripe"
            )
            #expect(sandbox["STRIPE_SANDBOX_WEBHOOK_SECRET"] == webhookSecret)
            #expect(sandbox["PAYLINKS_INTERNAL_KEY"] == nil, "the sandbox is outside the platform's trust domain")
            #expect(sandbox["PAYLINKS_JWT_SECRET"] == nil)

            #expect(payments["PAYMENTS_STRIPE_API_BASE"] == "http://127.0.0.1:\(port)")
            #expect(payments["PAYMENTS_STRIPE_SECRET_KEY"] == Self.secretKey)
            #expect(payments["PAYMENTS_STRIPE_PUBLISHABLE_KEY"] == "pk_test_paylinks_sandbox")
            #expect(payments["PAYMENTS_STRIPE_WEBHOOK_SECRET"] == webhookSecret)

            let owner = try await PostgresShell.run(
                """
                SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'stripe_sandbox'
                """,
                on: platform
            )
            #expect(owner == "stripe_sandbox")
            let role = try await PostgresShell.run(
                "SELECT rolcanlogin AND NOT rolsuper FROM pg_roles WHERE rolname = 'stripe_sandbox'",
                on: platform
            )
            #expect(role == "t")
        }

        /// The environment a process was started with, from `/proc/<pid>/environ`.
        private static func environment(of pid: Int32) async throws -> [String: String] {
            try await BlockingWork.run {
                guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else {
                    throw PlatformInstance.Failure(description: "cannot read the environment of \(pid)")
                }
                var environment: [String: String] = [:]
                for entry in data.split(separator: 0).map({ String(decoding: $0, as: UTF8.self) }) {
                    guard let equals = entry.firstIndex(of: "=") else { continue }
                    environment[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
                }
                return environment
            }
        }
    }
}
