import Foundation
import HTTPRouter

/// Any JSON value, keeping integers apart from other numbers (so `49.99` as an amount can be named).
enum JSONValue: Decodable, Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else {
            self = .array(try container.decode([JSONValue].self))
        }
    }
}

/// A create or `PATCH` body for a payment link, read field by field so every error names its field.
///
/// Accepts the API Reference names and the Getting Started spellings (DESIGN §4): `name` for `title`,
/// a custom `slug`, `paymentType` `ONE_TIME`/`RECURRING`, and `FLEXIBLE` for `PAY_WHAT_YOU_WANT`.
/// Unknown fields are ignored (a client may send back an object it read).
struct PayLinkInput: Sendable {
    /// The JSON object's members.
    let members: [String: JSONValue]

    static let priceTypes = ["FIXED", "PAY_WHAT_YOU_WANT", "FREE"]
    static let serviceTypes = ["SERVICE", "DIGITAL_PRODUCT", "SUBSCRIPTION"]
    static let currencies = ["RON", "EUR", "GBP"]
    /// The largest amount, in minor units (100 million in major units).
    static let maxAmount: Int64 = 10_000_000_000
    static let maxTitleLength = 200
    static let maxDescriptionLength = 5000
    static let maxMessageLength = 2000
    static let maxURLLength = 2048
    static let maxQuantityLimit = 10_000
    static let maxTrialDays = 365

    /// Wraps a decoded body.
    ///
    /// - Throws: 400 `VALIDATION_ERROR` unless the body is a JSON object.
    init(_ body: JSONValue) throws(HTTPError) {
        guard case .object(let members) = body else { throw .validation("Request body must be a JSON object") }
        self.members = members
    }

    /// The custom slug the body asks for, validated (`nil` when absent or null).
    func customSlug() throws(HTTPError) -> String? {
        guard let value = members["slug"], value != .null else { return nil }
        guard case .string(let slug) = value else { throw .validation("slug must be a string") }
        try Slug.validateCustom(slug)
        return slug
    }

    /// The fields of a new link: the body over the defaults, in `currency` unless the body names one.
    ///
    /// - Throws: 400 `VALIDATION_ERROR` naming the first bad field.
    func created(defaultCurrency: String) throws(HTTPError) -> PayLinkFields {
        var fields = PayLinkFields()
        fields.currency = Self.currencies.contains(defaultCurrency) ? defaultCurrency : "RON"
        try apply(to: &fields, isCreate: true)
        return fields
    }

    /// `existing` with the body's changes; `priceType` and `serviceType` cannot change.
    ///
    /// - Throws: 400 `VALIDATION_ERROR` naming the first bad field.
    func updated(_ existing: PayLinkFields) throws(HTTPError) -> PayLinkFields {
        var fields = existing
        try apply(to: &fields, isCreate: false)
        return fields
    }

    // MARK: - Applying

    private func apply(to fields: inout PayLinkFields, isCreate: Bool) throws(HTTPError) {
        for name in ["title", "name"] where !isCreate && members[name] == .null {
            throw .validation("\(name) cannot be null")
        }
        if let title = try string("title") {
            fields.title = try Self.title(title, field: "title")
        } else if let name = try string("name") {
            fields.title = try Self.title(name, field: "name")
        }

        if let priceType = try string("priceType") {
            let value = priceType.uppercased() == "FLEXIBLE" ? "PAY_WHAT_YOU_WANT" : priceType.uppercased()
            guard Self.priceTypes.contains(value) else {
                throw .validation("priceType must be FIXED, PAY_WHAT_YOU_WANT or FREE")
            }
            if !isCreate && value != fields.priceType { throw .validation("priceType cannot be changed") }
            fields.priceType = value
        }
        var serviceTypeGiven = false
        if let serviceType = try string("serviceType") {
            let value = serviceType.uppercased()
            guard Self.serviceTypes.contains(value) else {
                throw .validation("serviceType must be SERVICE, DIGITAL_PRODUCT or SUBSCRIPTION")
            }
            if !isCreate && value != fields.serviceType { throw .validation("serviceType cannot be changed") }
            fields.serviceType = value
            serviceTypeGiven = true
        }
        if let paymentType = try string("paymentType") {
            switch paymentType.uppercased() {
            case "ONE_TIME":
                if fields.serviceType == "SUBSCRIPTION" {
                    throw .validation("paymentType ONE_TIME does not match serviceType SUBSCRIPTION")
                }
            case "RECURRING":
                if isCreate && !serviceTypeGiven { fields.serviceType = "SUBSCRIPTION" }
                if fields.serviceType != "SUBSCRIPTION" {
                    throw .validation("paymentType RECURRING requires serviceType SUBSCRIPTION")
                }
            default: throw .validation("paymentType must be ONE_TIME or RECURRING")
            }
        }

        if members["description"] != nil {
            fields.description = try optionalText("description", limit: Self.maxDescriptionLength)
        }
        if members["amount"] != nil {
            fields.amount = try amount("amount") ?? 0
        }
        if let currency = try string("currency") {
            let value = currency.uppercased()
            guard Self.currencies.contains(value) else { throw .validation("currency must be RON, EUR or GBP") }
            fields.currency = value
        }
        if members["minAmount"] != nil { fields.minAmount = try amount("minAmount") }
        if let value = try bool("collectEmail") { fields.collectEmail = value }
        if let value = try bool("collectName") { fields.collectName = value }
        if let value = try bool("collectPhone") { fields.collectPhone = value }
        if let value = try bool("collectAddress") { fields.collectAddress = value }
        if let value = try bool("requireQuantity") { fields.requireQuantity = value }
        if members["maxQuantity"] != nil {
            fields.maxQuantity = try integer("maxQuantity", in: 1...Self.maxQuantityLimit)
        }
        if members["successUrl"] != nil { fields.successUrl = try url("successUrl") }
        if members["cancelUrl"] != nil { fields.cancelUrl = try url("cancelUrl") }
        if members["imageUrl"] != nil { fields.imageUrl = try url("imageUrl") }
        if members["fileUrl"] != nil { fields.fileUrl = try url("fileUrl") }
        if members["thankYouMessage"] != nil {
            fields.thankYouMessage = try optionalText("thankYouMessage", limit: Self.maxMessageLength)
        }
        if members["recurringInterval"] != nil {
            if let interval = try string("recurringInterval") {
                guard ["month", "year"].contains(interval.lowercased()) else {
                    throw .validation("recurringInterval must be month or year")
                }
                fields.recurringInterval = interval.lowercased()
            } else {
                fields.recurringInterval = nil
            }
        }
        if members["trialDays"] != nil {
            fields.trialDays = try integer("trialDays", in: 0...Self.maxTrialDays)
        }
        if let value = try bool("active") { fields.active = value }

        try Self.validate(fields)
    }

    /// The rules across fields, checked on the merged result of a create or an update.
    static func validate(_ fields: PayLinkFields) throws(HTTPError) {
        if fields.title.isEmpty { throw .validation("title is required") }
        if fields.priceType.isEmpty { throw .validation("priceType is required (FIXED, PAY_WHAT_YOU_WANT or FREE)") }
        if fields.serviceType.isEmpty {
            throw .validation("serviceType is required (SERVICE, DIGITAL_PRODUCT or SUBSCRIPTION)")
        }
        switch fields.priceType {
        case "FIXED":
            if fields.amount <= 0 { throw .validation("amount is required and must be greater than 0 for FIXED") }
        case "FREE":
            if fields.amount != 0 { throw .validation("amount must be absent or 0 for FREE") }
        default:
            if let minimum = fields.minAmount, fields.amount > 0, fields.amount < minimum {
                throw .validation("amount (the suggested price) must not be below minAmount")
            }
        }
        if fields.minAmount != nil && fields.priceType != "PAY_WHAT_YOU_WANT" {
            throw .validation("minAmount is only for PAY_WHAT_YOU_WANT")
        }
        if fields.serviceType == "SUBSCRIPTION" {
            if fields.recurringInterval == nil {
                throw .validation("recurringInterval is required for SUBSCRIPTION (month or year)")
            }
        } else {
            if fields.recurringInterval != nil { throw .validation("recurringInterval is only for SUBSCRIPTION") }
            if fields.trialDays != nil { throw .validation("trialDays is only for SUBSCRIPTION") }
        }
    }

    // MARK: - Field readers

    /// A string member; `nil` when absent or null.
    private func string(_ name: String) throws(HTTPError) -> String? {
        switch members[name] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        default: throw .validation("\(name) must be a string")
        }
    }

    private func bool(_ name: String) throws(HTTPError) -> Bool? {
        switch members[name] {
        case nil: return nil
        case .bool(let value)?: return value
        default: throw .validation("\(name) must be true or false")
        }
    }

    /// An amount in minor units, ≥ 0; `nil` for null.
    private func amount(_ name: String) throws(HTTPError) -> Int64? {
        switch members[name] {
        case nil, .null?: return nil
        case .integer(let value)?:
            guard value >= 0 else { throw .validation("\(name) must not be negative") }
            guard value <= Self.maxAmount else { throw .validation("\(name) must be at most \(Self.maxAmount)") }
            return value
        case .number?: throw .validation("\(name) is in minor units, e.g. 4999 for 49.99")
        default: throw .validation("\(name) must be an integer in minor units, e.g. 4999 for 49.99")
        }
    }

    private func integer(_ name: String, in range: ClosedRange<Int>) throws(HTTPError) -> Int? {
        switch members[name] {
        case nil, .null?: return nil
        case .integer(let value)?:
            guard value >= range.lowerBound, value <= range.upperBound else {
                throw .validation("\(name) must be between \(range.lowerBound) and \(range.upperBound)")
            }
            return Int(value)
        default: throw .validation("\(name) must be an integer")
        }
    }

    private func optionalText(_ name: String, limit: Int) throws(HTTPError) -> String? {
        guard let text = try string(name) else { return nil }
        guard text.count <= limit else { throw .validation("\(name) must be at most \(limit) characters") }
        guard !text.unicodeScalars.contains(where: Self.isForbiddenControl) else {
            throw .validation("\(name) must not contain control characters")
        }
        return text.isEmpty ? nil : text
    }

    private static func title(_ raw: String, field: String) throws(HTTPError) -> String {
        let title = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty else { throw .validation("\(field) must not be empty") }
        guard title.count <= maxTitleLength else {
            throw .validation("\(field) must be at most \(maxTitleLength) characters")
        }
        guard !title.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw .validation("\(field) must not contain control characters")
        }
        return title
    }

    /// Control characters other than tab and line breaks.
    private static func isForbiddenControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\n" && scalar != "\r" && scalar != "\t") || scalar.value == 0x7F
    }

    /// An absolute `http` or `https` URL with a host; `nil` for null or an empty string.
    private func url(_ name: String) throws(HTTPError) -> String? {
        guard let text = try string(name), !text.isEmpty else { return nil }
        guard Self.isWebURL(text) else {
            throw .validation("\(name) must be an http or https URL of at most \(Self.maxURLLength) characters")
        }
        return text
    }

    static func isWebURL(_ text: String) -> Bool {
        guard text.utf8.count <= maxURLLength,
            text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        else { return false }
        let lowered = text.lowercased()
        let rest: Substring
        if lowered.hasPrefix("https://") {
            rest = lowered.dropFirst(8)
        } else if lowered.hasPrefix("http://") {
            rest = lowered.dropFirst(7)
        } else {
            return false
        }
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        // No credentials in links shown to buyers (`https://bank.ro@evil.example`).
        guard !authority.isEmpty, !authority.contains("@"), !authority.contains("\\") else { return false }
        let host = authority.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)[0]
        return !host.isEmpty
            && host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }
            && URL(string: text)?.host != nil
    }
}
