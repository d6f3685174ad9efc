/// The create-request rules a draft must satisfy (seed `POST /paylinks` table, DESIGN §4), kept apart so the
/// CRUD validator can replace them: enums, amounts in minor units, interval only for subscriptions.
package enum PayLinkDraftRules {
    /// `priceType` values.
    package enum PriceType {
        package static let fixed = "FIXED"
        package static let payWhatYouWant = "PAY_WHAT_YOU_WANT"
        package static let free = "FREE"
        package static let all: Set<String> = [fixed, payWhatYouWant, free]
    }

    /// `serviceType` values.
    package enum ServiceType {
        package static let service = "SERVICE"
        package static let digitalProduct = "DIGITAL_PRODUCT"
        package static let subscription = "SUBSCRIPTION"
        package static let all: Set<String> = [service, digitalProduct, subscription]
    }

    /// Supported currencies (exponent 2).
    package static let currencies: Set<String> = ["RON", "EUR", "GBP"]
    /// `recurringInterval` values.
    package static let intervals: Set<String> = ["month", "year"]
    /// The largest amount accepted, in minor units (999 999.99).
    package static let maximumAmount: Int64 = 99_999_999
    package static let maximumTitleLength = 120
    package static let maximumDescriptionLength = 2000
    package static let maximumTrialDays = 365

    /// A rule a candidate broke; `field` is the JSON key.
    package struct Violation: Error, Equatable, CustomStringConvertible {
        package var field: String
        package var message: String
        package var description: String { "\(field): \(message)" }
    }

    /// A draft as a model (or a client) proposes it: every field optional and loosely typed where the create
    /// request allows aliases (`name` for `title`, `FLEXIBLE` for `PAY_WHAT_YOU_WANT`).
    package struct Candidate: Decodable, Sendable {
        package var title: String?
        package var name: String?
        package var description: String?
        package var priceType: String?
        package var serviceType: String?
        package var amount: Int64?
        package var currency: String?
        package var minAmount: Int64?
        package var recurringInterval: String?
        package var trialDays: Int?

        package init(
            title: String? = nil,
            name: String? = nil,
            description: String? = nil,
            priceType: String? = nil,
            serviceType: String? = nil,
            amount: Int64? = nil,
            currency: String? = nil,
            minAmount: Int64? = nil,
            recurringInterval: String? = nil,
            trialDays: Int? = nil
        ) {
            self.title = title
            self.name = name
            self.description = description
            self.priceType = priceType
            self.serviceType = serviceType
            self.amount = amount
            self.currency = currency
            self.minAmount = minAmount
            self.recurringInterval = recurringInterval
            self.trialDays = trialDays
        }
    }

    /// Checks `candidate` and returns the normalised draft.
    ///
    /// - Parameter defaultCurrency: used when the candidate names no currency.
    /// - Throws: ``Violation`` naming the first field that breaks a rule.
    package static func validate(
        _ candidate: Candidate,
        defaultCurrency: String,
        source: PayLinkDraft.Source
    ) throws(Violation) -> PayLinkDraft {
        let title = DraftText.trimmed(candidate.title ?? candidate.name ?? "")
        guard !title.isEmpty else { throw Violation(field: "title", message: "is required") }
        guard title.count <= maximumTitleLength else {
            throw Violation(field: "title", message: "must be at most \(maximumTitleLength) characters")
        }
        let description = candidate.description.map { DraftText.trimmed($0) }
        if let description, description.count > maximumDescriptionLength {
            throw Violation(field: "description", message: "must be at most \(maximumDescriptionLength) characters")
        }
        var priceType = candidate.priceType?.uppercased() ?? ""
        if priceType == "FLEXIBLE" { priceType = PriceType.payWhatYouWant }
        guard PriceType.all.contains(priceType) else {
            throw Violation(field: "priceType", message: "must be FIXED, PAY_WHAT_YOU_WANT or FREE")
        }
        let serviceType = candidate.serviceType?.uppercased() ?? ""
        guard ServiceType.all.contains(serviceType) else {
            throw Violation(field: "serviceType", message: "must be SERVICE, DIGITAL_PRODUCT or SUBSCRIPTION")
        }
        let currency = candidate.currency?.uppercased() ?? defaultCurrency
        guard currencies.contains(currency) else {
            throw Violation(field: "currency", message: "must be RON, EUR or GBP")
        }

        let amount = candidate.amount ?? 0
        guard (0...maximumAmount).contains(amount) else {
            throw Violation(field: "amount", message: "must be between 0 and \(maximumAmount) (minor units)")
        }
        switch priceType {
        case PriceType.fixed where amount == 0:
            throw Violation(field: "amount", message: "is required and must be > 0 for FIXED (minor units)")
        case PriceType.free where amount != 0:
            throw Violation(field: "amount", message: "must be 0 or absent for FREE")
        default: break
        }
        if let minAmount = candidate.minAmount {
            guard priceType == PriceType.payWhatYouWant else {
                throw Violation(field: "minAmount", message: "is only allowed for PAY_WHAT_YOU_WANT")
            }
            guard (1...maximumAmount).contains(minAmount) else {
                throw Violation(field: "minAmount", message: "must be between 1 and \(maximumAmount) (minor units)")
            }
            guard amount == 0 || minAmount <= amount else {
                throw Violation(field: "minAmount", message: "must not exceed amount")
            }
        }
        let interval = candidate.recurringInterval?.lowercased()
        if serviceType == ServiceType.subscription {
            guard let interval, intervals.contains(interval) else {
                throw Violation(field: "recurringInterval", message: "must be month or year for SUBSCRIPTION")
            }
        } else if interval != nil {
            throw Violation(field: "recurringInterval", message: "is only allowed for SUBSCRIPTION")
        }
        if let trialDays = candidate.trialDays {
            guard serviceType == ServiceType.subscription else {
                throw Violation(field: "trialDays", message: "is only allowed for SUBSCRIPTION")
            }
            guard (0...maximumTrialDays).contains(trialDays) else {
                throw Violation(field: "trialDays", message: "must be between 0 and \(maximumTrialDays)")
            }
        }
        return PayLinkDraft(
            title: title,
            description: description?.isEmpty == false ? description : nil,
            priceType: priceType,
            serviceType: serviceType,
            amount: amount,
            currency: currency,
            minAmount: candidate.minAmount,
            recurringInterval: interval,
            trialDays: candidate.trialDays,
            source: source
        )
    }
}

/// Small text helpers shared by the drafters.
enum DraftText {
    /// `text` without leading and trailing whitespace and newlines.
    static func trimmed(_ text: some StringProtocol) -> String {
        var characters = Substring(text)
        while let first = characters.first, first.isWhitespace { characters.removeFirst() }
        while let last = characters.last, last.isWhitespace { characters.removeLast() }
        return String(characters)
    }
}
