import Cryptography
import StripeSandboxCore

/// Small helpers the Connect resources share: parameter lists, diffs for `previous_attributes`, validation.
enum ConnectSupport {
    /// `address[city|country|line1|line2|postal_code|state]`.
    static let addressParams: [Param] = ["city", "country", "line1", "line2", "postal_code", "state"].map {
        Param($0, .string(maxLength: 500))
    }

    /// The changed top-level members of `old` compared with `new`: their old values (Stripe's
    /// `previous_attributes`), or `nil` when nothing changed.
    static func previous(_ old: JSONObject, _ new: JSONObject) -> JSONObject? {
        let changed = EventRecorder.changes(from: old, to: new)
        return changed.count > 0 ? changed : nil
    }

    /// Whether `email` looks like an address Stripe accepts (one `@`, a dotted domain, no spaces).
    static func isValidEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].count >= 3 else { return false }
        let domain = parts[1]
        guard domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix(".") else { return false }
        let forbidden = Set("<>(),;:\\\"[] ".unicodeScalars)
        return email.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F && !forbidden.contains($0) }
    }

    /// Validates an `email` parameter: 400 `email_invalid` naming `param`.
    static func checkEmail(_ email: String?, param: String) throws(StripeError) {
        guard let email, !isValidEmail(email) else { return }
        throw StripeError.invalidRequest("Invalid email address: \(email)", param: param, code: "email_invalid")
    }

    /// Whether `url` is an absolute `http(s)` URL safe to send in a `Location` header.
    static func isValidURL(_ url: String) -> Bool {
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return false }
        let rest = lower.hasPrefix("https://") ? url.dropFirst(8) : url.dropFirst(7)
        guard let first = rest.first, first != "/" else { return false }
        return url.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F }
    }

    /// Validates a URL parameter: 400 `url_invalid` naming `param`.
    static func checkURL(_ url: String?, param: String) throws(StripeError) {
        guard let url, !isValidURL(url) else { return }
        throw StripeError.invalidRequest("Not a valid URL", param: param, code: "url_invalid")
    }

    /// The default currency of a country (ISO 3166-1 alpha-2).
    static func currency(for country: String) -> String {
        switch country {
        case "RO": "ron"
        case "GB": "gbp"
        case "US": "usd"
        case "CH": "chf"
        case "PL": "pln"
        case "HU": "huf"
        case "CZ": "czk"
        case "SE": "sek"
        case "NO": "nok"
        case "DK": "dkk"
        case "CA": "cad"
        case "AU": "aud"
        default: "eur"
        }
    }

    /// A test bank account (`ba_…`) of `account`, as an account's `external_accounts` list holds it.
    static func bankAccount(account: String, country: String, currency: String) -> JSONObject {
        let digest = SHA256.hash(Array("paylinks-sandbox-bank:\(account)".utf8))
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        return [
            "id": .string(IDs.make("ba")),
            "object": "bank_account",
            "account": .string(account),
            "account_holder_name": nil,
            "account_holder_type": nil,
            "account_type": nil,
            "available_payout_methods": ["standard"],
            "bank_name": "STRIPE TEST BANK",
            "country": .string(country),
            "currency": .string(currency),
            "default_for_currency": true,
            "fingerprint": .string(String(digest.prefix(16).map { alphabet[Int($0) % 62] })),
            "last4": country == "US" ? "6789" : "0000",
            "metadata": [:],
            "routing_number": country == "US" ? "110000000" : nil,
            "status": "new",
        ]
    }

    /// A 403 for work only the platform may do (no `Stripe-Account`).
    static func platformOnly(_ what: String) -> StripeError {
        StripeError(
            status: 403,
            type: "invalid_request_error",
            message: "Only the platform can \(what); remove the Stripe-Account header."
        )
    }
}
