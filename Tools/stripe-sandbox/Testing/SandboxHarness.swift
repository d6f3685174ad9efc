import Foundation
package import HTTPCore
import HTTPRouter
import Postgres
import ServiceRuntime
package import StripeSandboxCore
package import TestSupport

/// A running sandbox (in-process, fresh database) and a small Stripe client for tests.
package struct SandboxHarness: Sendable {
    /// The default secret key.
    package static let secretKey = "sk_test_paylinks_sandbox"
    /// The default publishable key.
    package static let publishableKey = "pk_test_paylinks_sandbox"
    /// The default platform account.
    package static let platform = "acct_1PayLinksSandbox0"

    /// The running sandbox.
    package let service: LiveService

    /// Runs `body` with a sandbox of `families`; `settings` are extra `STRIPE_SANDBOX_*` keys. With `database`
    /// the sandbox runs on that existing database (start it twice to test a restart), else on a fresh one.
    package static func with(
        families: [SandboxFamily],
        settings: [String: String] = [:],
        database: PostgresTestDatabase? = nil,
        _ body: (SandboxHarness) async throws -> Void
    ) async throws {
        let build: @Sendable (ServiceEnvironment) throws -> ServiceApplication<BasicRequestContext> = {
            try SandboxApplication.make($0, families: families)
        }
        if let database {
            try await LiveService.withService(
                name: SandboxApplication.name,
                database: database,
                settings: settings,
                build: build
            ) {
                try await body(SandboxHarness(service: $0))
            }
        } else {
            try await LiveService.withService(
                name: SandboxApplication.name,
                database: true,
                settings: settings,
                build: build
            ) {
                try await body(SandboxHarness(service: $0))
            }
        }
    }

    /// The sandbox's base URL.
    package var baseURL: String { "http://127.0.0.1:\(service.port)" }

    /// Stores `object` (built from ``Templates/make(_:)``) directly, as if a resource had created it.
    package func insert(_ object: JSONObject, account: String = platform) async throws {
        guard let postgres = service.postgres else { throw HTTPTestClientError("the sandbox has no database") }
        try await postgres.withTransaction { connection in
            try await ObjectStore(connection: connection, now: 0).insert(object, account: account)
        }
    }

    /// Stores a connected account of the platform that has completed onboarding; returns its id.
    package func makeConnectedAccount(country: String = "RO", currency: String = "ron") async throws -> String {
        var account = Templates.make("account")
        let id = IDs.make("acct", length: 16)
        account["charges_enabled"] = true
        account["country"] = .string(country)
        account["created"] = .int(Int64(time(nil)))
        account["default_currency"] = .string(currency)
        account["details_submitted"] = true
        account["id"] = .string(id)
        account["payouts_enabled"] = true
        account["type"] = "express"
        try await insert(account)
        return id
    }

    /// One Stripe API call; `form` pairs are percent-encoded as Stripe's libraries do.
    package func call(
        _ method: String,
        _ path: String,
        _ form: [(String, String)] = [],
        account: String? = nil,
        key: String? = secretKey,
        idempotencyKey: String? = nil,
        rawBody: [UInt8]? = nil
    ) async throws -> StripeResponse {
        var headers: [(String, String)] = []
        if let key { headers.append(("Authorization", "Bearer \(key)")) }
        if let account { headers.append(("Stripe-Account", account)) }
        if let idempotencyKey { headers.append(("Idempotency-Key", idempotencyKey)) }
        let encoded = Self.encode(form)
        var target = path
        var body: [UInt8] = []
        if method == "POST" {
            headers.append(("Content-Type", "application/x-www-form-urlencoded"))
            body = rawBody ?? Array(encoded.utf8)
        } else if !encoded.isEmpty {
            target += "?" + encoded
        }
        let response = try await HTTPTestClient.exchange(
            port: service.port,
            method,
            target,
            headers: headers,
            body: body
        )
        let json = (try? JSON.parse(response.body)) ?? .null
        return StripeResponse(status: response.status, json: json, body: response.body, headers: response.headers)
    }

    /// Requests a sandbox page (not the Stripe API) as a browser would: of `url` only the path from
    /// `/sandbox/` on is used (page URLs carry the request's host, e.g. `http://test/sandbox/…`); a `form`
    /// (already encoded, `action=complete`) is sent as a form-encoded body.
    package func browse(_ method: String, _ url: String, form: String? = nil) async throws -> HTTPTestResponse {
        let path = url.firstRange(of: "/sandbox/").map { String(url[$0.lowerBound...]) } ?? url
        var headers: [(String, String)] = []
        if form != nil { headers.append(("Content-Type", "application/x-www-form-urlencoded")) }
        return try await HTTPTestClient.exchange(
            port: service.port,
            method,
            path,
            headers: headers,
            body: Array((form ?? "").utf8)
        )
    }

    /// `form` as Stripe's libraries encode it.
    package static func encode(_ form: [(String, String)]) -> String {
        form.map { "\(percentEncode($0.0))=\(percentEncode($0.1))" }.joined(separator: "&")
    }

    /// Percent-encodes all but unreserved characters and brackets.
    package static func percentEncode(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"), UInt8(ascii: "["), UInt8(ascii: "]"):
                output.append(Character(Unicode.Scalar(byte)))
            default:
                output += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return output
    }
}

/// A sandbox response.
package struct StripeResponse: Sendable {
    /// The HTTP status.
    package var status: Int
    /// The parsed body (`null` when not JSON).
    package var json: JSON
    /// The raw body.
    package var body: [UInt8]
    /// The response headers.
    package var headers: HTTPFields

    /// `json[key]` as a string.
    package func string(_ key: String) -> String? { json[key]?.stringValue }

    /// The error object's member.
    package func error(_ key: String) -> String? { json["error"]?[key]?.stringValue }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
