import Cryptography
import Foundation
import HTTPCore
import HTTPServer
import LogKit
import NetCore
import Postgres
import StripeSandboxCore
import StripeSandboxTesting
import Synchronization
import TestSupport
import Testing

/// An in-process webhook receiver on 127.0.0.1: records every request and answers from a per-path script
/// (then 200 once the script is used up).
final class WebhookReceiver: HTTPResponder {
    /// One received request.
    struct Delivery: Sendable {
        var path: String
        var headers: HTTPFields
        var body: [UInt8]
        var received: ContinuousClock.Instant
        var wallClock: Int64

        var json: JSON { (try? JSON.parse(body)) ?? .null }
        var eventID: String? { json["id"]?.stringValue }
    }

    /// An answer.
    enum Reply: Sendable {
        case status(Int)
        /// Waits, then answers.
        case delayed(Duration, Int)
    }

    private struct State {
        var deliveries: [Delivery] = []
        var scripts: [String: [Reply]]
    }

    private let state: Mutex<State>

    init(scripts: [String: [Reply]] = [:]) {
        state = Mutex(State(scripts: scripts))
    }

    func respond(to request: HTTPRequest, connection: HTTPConnectionInfo) async -> HTTPResponse {
        let path = String(request.head.path)
        let delivery = Delivery(
            path: path,
            headers: request.headers,
            body: request.body,
            received: .now,
            wallClock: Int64(Date().timeIntervalSince1970)
        )
        let reply = state.withLock { state -> Reply in
            state.deliveries.append(delivery)
            guard var script = state.scripts[path], !script.isEmpty else { return .status(200) }
            let next = script.removeFirst()
            state.scripts[path] = script
            return next
        }
        var code = 200
        switch reply {
        case .status(let status): code = status
        case .delayed(let delay, let status):
            try? await Task.sleep(for: delay)
            code = status
        }
        return HTTPResponse(
            status: HTTPStatus(code: code),
            headers: ["Content-Type": "text/plain"],
            bytes: Array("ok".utf8)
        )
    }

    /// The requests received so far (on `path`, if given), in arrival order.
    func deliveries(path: String? = nil) -> [Delivery] {
        state.withLock { state in state.deliveries.filter { path == nil || $0.path == path } }
    }

    /// Runs `body` with the receiver listening; `body` gets its base URL (`http://127.0.0.1:<port>`).
    func serve<T: Sendable>(_ body: (String) async throws -> T) async throws -> T {
        let server = HTTPServer(
            configuration: HTTPServerConfiguration(port: 0, eventLoopCount: 1, gracePeriod: .seconds(3)),
            responder: self,
            logger: Logger(label: "webhook-receiver", level: .critical),
            eventLoopGroup: .singleton
        )
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            do {
                let port = try await server.port
                let result = try await body("http://127.0.0.1:\(port)")
                server.shutdownGracefully()
                try await group.waitForAll()
                return result
            } catch {
                server.shutdownGracefully()
                group.cancelAll()
                throw error
            }
        }
    }
}

/// Shared steps of the webhook tests.
enum WebhookTests {
    /// Fast retries for tests.
    static let settings = [
        "STRIPE_SANDBOX_WEBHOOK_RETRY_BASE": "200ms",
        "STRIPE_SANDBOX_WEBHOOK_RETRY_CAP": "1s",
        "STRIPE_SANDBOX_WEBHOOK_MAX_ATTEMPTS": "5",
        "STRIPE_SANDBOX_WEBHOOK_TIMEOUT": "2s",
    ]

    /// Records an event through the core's ``EventRecorder`` (as a resource would), in a transaction of its
    /// own; `then` runs in the same transaction after it.
    @discardableResult
    static func record(
        _ sandbox: SandboxHarness,
        type: String,
        object: JSONObject? = nil,
        account: String = SandboxHarness.platform,
        maxAttempts: Int = 5,
        then: (@Sendable (ObjectStore) async throws -> Void)? = nil
    ) async throws -> JSONObject {
        let postgres = try #require(sandbox.service.postgres)
        var subject = object ?? Templates.make("customer")
        if object == nil {
            subject["id"] = .string(IDs.make("cus", length: 14))
            subject["created"] = .int(Int64(Date().timeIntervalSince1970))
        }
        let payload = subject
        return try await postgres.withTransaction { connection in
            let store = ObjectStore(connection: connection, now: try await SandboxClock.now(on: connection))
            let recorder = EventRecorder(
                store: store,
                config: SandboxConfig(webhooks: WebhookSettings(maxAttempts: maxAttempts)),
                requestID: "req_webhooktest",
                idempotencyKey: nil
            )
            let event = try await recorder.record(type: type, object: payload, account: account)
            try await then?(store)
            return event
        }
    }

    /// Creates an endpoint through the API; returns (id, secret).
    static func createEndpoint(
        _ sandbox: SandboxHarness,
        url: String,
        events: [String],
        connect: Bool = false
    ) async throws -> (id: String, secret: String) {
        var form = [("url", url)]
        for (index, event) in events.enumerated() { form.append(("enabled_events[\(index)]", event)) }
        if connect { form.append(("connect", "true")) }
        let response = try await sandbox.call("POST", "/v1/webhook_endpoints", form)
        #expect(response.status == 200, "\(String(decoding: response.body, as: UTF8.self))")
        return (try #require(response.string("id")), try #require(response.string("secret")))
    }

    /// Polls `condition` every 50 ms until it holds or `timeout` passes; returns whether it held.
    @discardableResult
    static func eventually(
        timeout: Duration = .seconds(10),
        _ condition: () async throws -> Bool
    ) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }

    /// The attempts of `event` as listed by the sandbox.
    static func attempts(_ sandbox: SandboxHarness, event: String) async throws -> [JSON] {
        let response = try await sandbox.call("GET", "/v1/test_helpers/webhook_attempts", [("event", event)])
        #expect(response.status == 200)
        return response.json["data"]?.arrayValue ?? []
    }

    /// The stored event's `pending_webhooks`.
    static func pending(_ sandbox: SandboxHarness, event: String) async throws -> Int64? {
        let response = try await sandbox.call("GET", "/v1/events/\(event)")
        return response.json["pending_webhooks"]?.intValue
    }

    /// Recomputes the `Stripe-Signature` check independently of the sandbox's signing code: `t` within 300 s
    /// of now and `v1` = hex HMAC-SHA256(secret, "t.body").
    static func signatureIsValid(_ delivery: WebhookReceiver.Delivery, secret: String) -> Bool {
        guard let header = delivery.headers["Stripe-Signature"] else { return false }
        var timestamp: Int64?
        var signature: String?
        for part in header.split(separator: ",") {
            if part.hasPrefix("t=") { timestamp = Int64(part.dropFirst(2)) }
            if part.hasPrefix("v1=") { signature = String(part.dropFirst(3)) }
        }
        guard let timestamp, let signature, abs(delivery.wallClock - timestamp) <= 300 else { return false }
        let expected = Hex.encode(
            HMAC.sha256(key: Array(secret.utf8), data: Array("\(timestamp).".utf8) + delivery.body)
        )
        return expected == signature
    }
}
