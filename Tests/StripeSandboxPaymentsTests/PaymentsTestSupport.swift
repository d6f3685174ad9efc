import Foundation
import Postgres
import StripeSandboxCore
import StripeSandboxPayments
import StripeSandboxTesting
import TestSupport
import Testing

/// Shortcuts shared by the payments tests.
extension SandboxHarness {
    /// Runs `body` with a sandbox of the payments family.
    static func payments(_ body: (SandboxHarness) async throws -> Void) async throws {
        try await with(families: [PaymentsFamily.family], body)
    }

    /// Stores a customer of `account`; returns its id.
    func customer(account: String = platform, email: String = "buyer@example.com") async throws -> String {
        var customer = Templates.make("customer")
        let id = IDs.make("cus", length: 14)
        customer["created"] = .int(Int64(time(nil)))
        customer["email"] = .string(email)
        customer["id"] = .string(id)
        try await insert(customer, account: account)
        return id
    }

    /// Creates a payment intent (expects 200); returns it.
    func intent(
        _ form: [(String, String)],
        account: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> JSON {
        let response = try await call("POST", "/v1/payment_intents", form, account: account)
        #expect(
            response.status == 200,
            "\(String(decoding: response.body, as: UTF8.self))",
            sourceLocation: sourceLocation
        )
        return response.json
    }

    /// Creates and confirms a card payment of `amount` RON (`card` a test payment method) on `account`, with
    /// `extra` parameters; expects 200 and returns the intent.
    func cardPayment(
        _ amount: Int,
        card: String = "pm_card_visa",
        account: String? = nil,
        _ extra: [(String, String)] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> JSON {
        let form = [("amount", "\(amount)"), ("currency", "ron"), ("payment_method", card), ("confirm", "true")]
        return try await intent(form + extra, account: account, sourceLocation: sourceLocation)
    }

    /// The list's `data`.
    func list(_ path: String, _ form: [(String, String)] = [], account: String? = nil) async throws -> [JSON] {
        let response = try await call("GET", path, form, account: account)
        #expect(response.status == 200, "\(String(decoding: response.body, as: UTF8.self))")
        return response.json["data"]?.arrayValue ?? []
    }

    /// Runs `body` in a transaction with a ``Call`` acting as `account` (what another family's handler gets).
    func withCall<Result: Sendable>(
        account: String = platform,
        _ body: (Call) async throws -> Result
    ) async throws -> Result {
        let postgres = try #require(service.postgres)
        let base = baseURL
        return try await postgres.withTransaction { connection in
            let call = Call(
                params: Params(values: [:], prefix: nil),
                pathParameters: [:],
                account: account,
                config: SandboxConfig(),
                now: try await SandboxClock.now(on: connection),
                connection: connection,
                requestID: "req_test",
                idempotencyKey: nil,
                publishable: false,
                publicURL: base
            )
            return try await body(call)
        }
    }
}

extension JSON {
    /// `self[key]` as a string.
    func s(_ key: String) -> String? { self[key]?.stringValue }
    /// `self[key]` as an integer.
    func i(_ key: String) -> Int64? { self[key]?.intValue }
}

extension StripeResponse {
    /// The body as text (for failure messages).
    var text: String { String(decoding: body, as: UTF8.self) }
}
