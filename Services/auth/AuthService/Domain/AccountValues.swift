import Foundation
import HTTPCore
import HTTPRouter

/// `USER` or `ADMIN`, as stored in `auth.users.role` and carried in tokens.
enum UserRole: String, Sendable, Codable {
    case user = "USER"
    case admin = "ADMIN"
}

/// The currencies PayLinks supports (DESIGN §3).
enum AccountCurrency: String, Sendable, Codable, CaseIterable {
    case ron = "RON"
    case eur = "EUR"
    case gbp = "GBP"

    /// Parses `RON`/`eur`/… case-insensitively.
    init?(loose text: String) {
        self.init(rawValue: text.uppercased())
    }
}

/// How often payouts run.
enum PayoutInterval: String, Sendable, Codable, CaseIterable {
    case daily, weekly, monthly
}

extension HTTPError.Code {
    /// 400: a magic link token that is unknown, used or expired (one message for all three).
    static let invalidToken = HTTPError.Code("INVALID_TOKEN")
    /// 400: a `redirectTo` outside the allowed origins.
    static let invalidRedirect = HTTPError.Code("INVALID_REDIRECT")
    /// 401: an API key that is unknown, revoked, or whose secret does not match.
    static let invalidCredentials = HTTPError.Code("INVALID_CREDENTIALS")
    /// 409: an account with that email exists already.
    static let emailTaken = HTTPError.Code("EMAIL_TAKEN")
    /// 409: the user has as many active API keys as allowed.
    static let apiKeyLimit = HTTPError.Code("API_KEY_LIMIT")
    /// 503: the messaging service could not take the email.
    static let emailUnavailable = HTTPError.Code("EMAIL_UNAVAILABLE")
}

/// Field rules shared by the routes. Every failure is a 400 `VALIDATION_ERROR` naming the field.
enum AccountValidation {
    /// The longest email accepted (RFC 5321 path limit).
    static let maximumEmailLength = 254

    /// A trimmed, lower-cased email address with one `@`, a non-empty local part and a dotted domain.
    static func email(_ raw: String, field: String = "email") throws -> String {
        let email = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard !email.isEmpty else { throw HTTPError.validation("\(field) is required") }
        guard email.utf8.count <= maximumEmailLength else {
            throw HTTPError.validation("\(field) must be at most \(maximumEmailLength) characters")
        }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        let allowedLocal = Set("abcdefghijklmnopqrstuvwxyz0123456789.!#$%&'*+/=?^_`{|}~-")
        let allowedDomain = Set("abcdefghijklmnopqrstuvwxyz0123456789.-")
        guard parts.count == 2, let local = parts.first, let domain = parts.last,
            !local.isEmpty, local.utf8.count <= 64, local.allSatisfy({ allowedLocal.contains($0) }),
            !local.hasPrefix("."), !local.hasSuffix("."), !local.contains(".."),
            domain.contains("."), domain.allSatisfy({ allowedDomain.contains($0) }),
            !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains(".."),
            !domain.hasPrefix("-")
        else {
            throw HTTPError.validation("\(field) must be a valid email address")
        }
        return email
    }

    /// A trimmed text of `range` characters.
    static func text(_ raw: String, field: String, length range: ClosedRange<Int>) throws -> String {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        // Counted in code points, as PostgreSQL's length() counts them.
        guard range.contains(text.unicodeScalars.count) else {
            if text.isEmpty { throw HTTPError.validation("\(field) is required") }
            throw HTTPError.validation(
                "\(field) must be \(range.lowerBound) to \(range.upperBound) characters"
            )
        }
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw HTTPError.validation("\(field) must not contain control characters")
        }
        return text
    }

    /// A display name: 1–100 characters.
    static func name(_ raw: String, field: String = "name") throws -> String {
        try text(raw, field: field, length: 1...100)
    }

    /// A business name: 1–120 characters.
    static func businessName(_ raw: String) throws -> String {
        try text(raw, field: "businessName", length: 1...120)
    }

    /// An ISO 3166-1 alpha-2 shape: two ASCII letters, stored upper-case.
    static func country(_ raw: String) throws -> String {
        let country = raw.trimmingCharacters(in: .whitespaces).uppercased()
        guard country.utf8.count == 2, country.utf8.allSatisfy({ (65...90).contains($0) }) else {
            throw HTTPError.validation("country must be a two-letter ISO 3166-1 code such as RO")
        }
        return country
    }

    /// `RON`, `EUR` or `GBP`, any case.
    static func currency(_ raw: String, field: String = "defaultCurrency") throws -> AccountCurrency {
        guard let currency = AccountCurrency(loose: raw.trimmingCharacters(in: .whitespaces)) else {
            throw HTTPError.validation("\(field) must be one of RON, EUR, GBP")
        }
        return currency
    }

    /// `daily`, `weekly` or `monthly`, any case.
    static func payoutInterval(_ raw: String) throws -> PayoutInterval {
        guard let interval = PayoutInterval(rawValue: raw.trimmingCharacters(in: .whitespaces).lowercased()) else {
            throw HTTPError.validation("payoutInterval must be one of daily, weekly, monthly")
        }
        return interval
    }

    /// Whether `text` has the shape of an API key id (`plk_` and hex), so nothing else reaches a query.
    static func isKeyID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count > 4, bytes.count <= 68, text.hasPrefix("plk_") else { return false }
        return bytes.dropFirst(4).allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
