/// An unsaved payment link proposed by `POST /paylinks/ai-draft`, in the shape of a `POST /paylinks` request
/// body (API Reference names), plus `paymentType` (Getting Started spelling) and `source`.
///
/// Every key is always present (`null` when it does not apply), so clients can prefill a create form from it.
/// There is one rule set for a valid create request, ``PayLinkInput``: a model's answer is checked by it, and the
/// tests check every rules draft with it.
package struct PayLinkDraft: Encodable, Sendable, Equatable {
    /// `priceType` values (the ones ``PayLinkInput/priceTypes`` accepts).
    package enum PriceType {
        package static let fixed = "FIXED"
        package static let payWhatYouWant = "PAY_WHAT_YOU_WANT"
        package static let free = "FREE"
    }

    /// `serviceType` values (the ones ``PayLinkInput/serviceTypes`` accepts).
    package enum ServiceType {
        package static let service = "SERVICE"
        package static let digitalProduct = "DIGITAL_PRODUCT"
        package static let subscription = "SUBSCRIPTION"
    }

    /// Which drafter produced a draft.
    package enum Source: String, Encodable, Sendable {
        /// The configured OpenAI-compatible model.
        case llm
        /// The deterministic drafter.
        case rules
    }

    package var title: String
    package var description: String?
    /// `FIXED`, `PAY_WHAT_YOU_WANT` or `FREE`.
    package var priceType: String
    /// `SERVICE`, `DIGITAL_PRODUCT` or `SUBSCRIPTION`.
    package var serviceType: String
    /// Minor units; 0 for FREE, the suggested amount (or 0) for PAY_WHAT_YOU_WANT.
    package var amount: Int64
    /// `RON`, `EUR` or `GBP`.
    package var currency: String
    /// The minimum for PAY_WHAT_YOU_WANT, in minor units.
    package var minAmount: Int64?
    /// `month` or `year`, for SUBSCRIPTION only.
    package var recurringInterval: String?
    /// Free trial days, for SUBSCRIPTION only.
    package var trialDays: Int?
    package var collectEmail: Bool = true
    package var source: Source

    /// `RECURRING` for subscriptions, else `ONE_TIME` (Getting Started spelling).
    package var paymentType: String {
        serviceType == ServiceType.subscription ? "RECURRING" : "ONE_TIME"
    }

    private enum CodingKeys: String, CodingKey {
        case title, description, priceType, serviceType, amount, currency, minAmount, recurringInterval, trialDays
        case collectEmail, paymentType, source
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(title, forKey: .title)
        try container.encode(description, forKey: .description)
        try container.encode(priceType, forKey: .priceType)
        try container.encode(serviceType, forKey: .serviceType)
        try container.encode(amount, forKey: .amount)
        try container.encode(currency, forKey: .currency)
        try container.encode(minAmount, forKey: .minAmount)
        try container.encode(recurringInterval, forKey: .recurringInterval)
        try container.encode(trialDays, forKey: .trialDays)
        try container.encode(collectEmail, forKey: .collectEmail)
        try container.encode(paymentType, forKey: .paymentType)
        try container.encode(source, forKey: .source)
    }
}

extension PayLinkDraft {
    /// The draft of the fields ``PayLinkInput/created(defaultCurrency:)`` accepted (the draft's keys only).
    init(_ fields: PayLinkFields, source: Source) {
        self.title = fields.title
        self.description = fields.description
        self.priceType = fields.priceType
        self.serviceType = fields.serviceType
        self.amount = fields.amount
        self.currency = fields.currency
        self.minAmount = fields.minAmount
        self.recurringInterval = fields.recurringInterval
        self.trialDays = fields.trialDays
        self.collectEmail = fields.collectEmail
        self.source = source
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
