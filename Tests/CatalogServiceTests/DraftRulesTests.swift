import Foundation
import Testing

@testable import CatalogService

/// The deterministic drafter on Romanian and English prompts, and the exact decimal parser behind it. Drafts are
/// checked with the real `POST /paylinks` validator (``PayLinkInput``), the one rule set for a create request.
@Suite struct DraftRulesTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var prompt: String
        var amount: Int64
        var currency: String
        var priceType: String
        var serviceType: String
        var interval: String?
        var minAmount: Int64?
        var title: String?
        var testDescription: String { prompt }
    }

    static let cases: [Case] = [
        Case(
            prompt: "A cooking course for beginners, 99 RON",
            amount: 9900,
            currency: "RON",
            priceType: "FIXED",
            serviceType: "DIGITAL_PRODUCT",
            title: "Cooking course for beginners"
        ),
        Case(
            prompt: "Curs de gătit pentru începători, 49,99 lei",
            amount: 4999,
            currency: "RON",
            priceType: "FIXED",
            serviceType: "DIGITAL_PRODUCT",
            title: "Curs de gătit pentru începători"
        ),
        Case(
            prompt: "Ebook despre investiții - 29 lei",
            amount: 2900,
            currency: "RON",
            priceType: "FIXED",
            serviceType: "DIGITAL_PRODUCT",
            title: "Ebook despre investiții"
        ),
        Case(
            prompt: "Monthly yoga membership 15 EUR/month",
            amount: 1500,
            currency: "EUR",
            priceType: "FIXED",
            serviceType: "SUBSCRIPTION",
            interval: "month",
            title: "Yoga membership"
        ),
        Case(
            prompt: "€15 per month for my newsletter",
            amount: 1500,
            currency: "EUR",
            priceType: "FIXED",
            serviceType: "SUBSCRIPTION",
            interval: "month",
            title: "Newsletter"
        ),
        Case(
            prompt: "Consultanță fiscală 1.250,50 lei",
            amount: 125_050,
            currency: "RON",
            priceType: "FIXED",
            serviceType: "SERVICE",
            title: "Consultanță fiscală"
        ),
        Case(
            prompt: "1:1 coaching session £9.99",
            amount: 999,
            currency: "GBP",
            priceType: "FIXED",
            serviceType: "SERVICE",
            title: "1:1 coaching session"
        ),
        Case(
            prompt: "Ședință foto RON 120",
            amount: 12000,
            currency: "RON",
            priceType: "FIXED",
            serviceType: "SERVICE",
            title: "Ședință foto"
        ),
        Case(
            prompt: "Masaj de relaxare 120 de lei",
            amount: 12000,
            currency: "RON",
            priceType: "FIXED",
            serviceType: "SERVICE",
            title: "Masaj de relaxare"
        ),
        Case(
            prompt: "Donație pentru adăpostul de animale, cât vrei tu",
            amount: 0,
            currency: "EUR",
            priceType: "PAY_WHAT_YOU_WANT",
            serviceType: "SERVICE",
            title: "Donație pentru adăpostul de animale"
        ),
        Case(
            prompt: "Pay what you want for my wallpaper pack, minimum 5 EUR",
            amount: 500,
            currency: "EUR",
            priceType: "PAY_WHAT_YOU_WANT",
            serviceType: "SERVICE",
            minAmount: 500,
            title: "Wallpaper pack"
        ),
        Case(
            prompt: "Donation for the school library, suggested £20",
            amount: 2000,
            currency: "GBP",
            priceType: "PAY_WHAT_YOU_WANT",
            serviceType: "SERVICE",
            title: "Donation for the school library"
        ),
        Case(
            prompt: "Webinar gratuit despre marketing",
            amount: 0,
            currency: "EUR",
            priceType: "FREE",
            serviceType: "SERVICE",
            title: "Webinar gratuit despre marketing"
        ),
        Case(
            prompt: "Free PDF checklist for new parents",
            amount: 0,
            currency: "EUR",
            priceType: "FREE",
            serviceType: "DIGITAL_PRODUCT"
        ),
        Case(
            prompt: "Abonament lunar la sala de fitness, 150 lei pe lună",
            amount: 15000,
            currency: "RON",
            priceType: "FIXED",
            serviceType: "SUBSCRIPTION",
            interval: "month",
            title: "Abonament la sala de fitness"
        ),
        Case(
            prompt: "Annual membership for the book club: 300 RON per year",
            amount: 30000,
            currency: "RON",
            priceType: "FIXED",
            serviceType: "SUBSCRIPTION",
            interval: "year"
        ),
        Case(
            prompt: "Plan anual de mentorat, 999,99 EUR/an",
            amount: 99999,
            currency: "EUR",
            priceType: "FIXED",
            serviceType: "SUBSCRIPTION",
            interval: "year"
        ),
        Case(
            prompt: "Newsletter premium 9 RON/lună",
            amount: 900,
            currency: "RON",
            priceType: "FIXED",
            serviceType: "SUBSCRIPTION",
            interval: "month",
            title: "Newsletter premium"
        ),
        Case(
            prompt: "Template Notion pentru freelanceri 1,250.00 EUR",
            amount: 125_000,
            currency: "EUR",
            priceType: "FIXED",
            serviceType: "DIGITAL_PRODUCT",
            title: "Template Notion pentru freelanceri"
        ),
        Case(
            prompt: "Logo design service for 1.250 lei",
            amount: 125_000,
            currency: "RON",
            priceType: "FIXED",
            serviceType: "SERVICE",
            title: "Logo design service"
        ),
        Case(
            prompt: "PDF ghid de călătorie €4,50",
            amount: 450,
            currency: "EUR",
            priceType: "FIXED",
            serviceType: "DIGITAL_PRODUCT",
            title: "PDF ghid de călătorie"
        ),
        Case(
            prompt: "Price: 35 for a consulting call",
            amount: 3500,
            currency: "EUR",
            priceType: "FIXED",
            serviceType: "SERVICE",
            title: "Consulting call"
        ),
        Case(
            prompt: "I want to sell my photography preset bundle for 19.90 GBP",
            amount: 1990,
            currency: "GBP",
            priceType: "FIXED",
            serviceType: "DIGITAL_PRODUCT",
            title: "Photography preset bundle"
        ),
        Case(
            prompt: "Video course in 5 modules, 3 hours of content, 249 lei",
            amount: 24900,
            currency: "RON",
            priceType: "FIXED",
            serviceType: "DIGITAL_PRODUCT",
            title: "Video course in 5 modules"
        ),
        Case(
            prompt: "Lecții de pian online, 80 lei ședința",
            amount: 8000,
            currency: "RON",
            priceType: "FIXED",
            serviceType: "SERVICE",
            title: "Lecții de pian online"
        ),
        Case(
            prompt: "Curs online de engleză 199 lei/lună",
            amount: 19900,
            currency: "RON",
            priceType: "FIXED",
            serviceType: "SUBSCRIPTION",
            interval: "month"
        ),
    ]

    /// The default currency is EUR here, so a prompt without a currency visibly takes it.
    @Test(arguments: cases)
    func draftsThePrompt(_ expected: Case) {
        let draft = RuleBasedDrafter().draft(prompt: expected.prompt, defaultCurrency: "EUR")
        #expect(draft.amount == expected.amount)
        #expect(draft.currency == expected.currency)
        #expect(draft.priceType == expected.priceType)
        #expect(draft.serviceType == expected.serviceType)
        #expect(draft.recurringInterval == expected.interval)
        #expect(draft.minAmount == expected.minAmount)
        #expect(draft.paymentType == (expected.interval == nil ? "ONE_TIME" : "RECURRING"))
        #expect(draft.source == .rules)
        #expect(draft.description == expected.prompt)
        if let title = expected.title { #expect(draft.title == title) }
        #expect(!draft.title.isEmpty && draft.title.count <= 80)
        // Every rules draft, sent back as it is, is a valid create request with the same fields.
        #expect(throws: Never.self) {
            let fields = try Self.createdFields(from: draft, defaultCurrency: "RON")
            #expect(PayLinkDraft(fields, source: .rules) == draft)
        }
    }

    /// `draft`'s JSON (the `POST /paylinks/ai-draft` response) as a `POST /paylinks` body, through the real
    /// create validator.
    static func createdFields(from draft: PayLinkDraft, defaultCurrency: String) throws -> PayLinkFields {
        let body = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(draft))
        return try PayLinkInput(body).created(defaultCurrency: defaultCurrency)
    }

    @Test func theDrafterUsesTheCreateRequestValues() {
        #expect(
            Set(PayLinkInput.priceTypes)
                == [PayLinkDraft.PriceType.fixed, PayLinkDraft.PriceType.payWhatYouWant, PayLinkDraft.PriceType.free]
        )
        #expect(
            Set(PayLinkInput.serviceTypes)
                == [
                    PayLinkDraft.ServiceType.service, PayLinkDraft.ServiceType.digitalProduct,
                    PayLinkDraft.ServiceType.subscription,
                ]
        )
        #expect(RuleBasedDrafter.maximumAmount <= PayLinkInput.maxAmount)
    }

    /// The largest price the drafter reads, and prompts without a price or title, still pass the create validator.
    @Test(arguments: [
        "Consultanță 999999,99 lei", "Abonament lunar", "Abonament gratuit pe lună", "100%", "Ebook gratuit",
        "Donație, minim 10 lei",
    ])
    func edgeDraftsAreValidCreateRequests(_ prompt: String) throws {
        let draft = RuleBasedDrafter().draft(prompt: prompt, defaultCurrency: "GBP")
        let fields = try Self.createdFields(from: draft, defaultCurrency: "GBP")
        #expect(PayLinkDraft(fields, source: .rules) == draft)
    }

    @Test func aPromptWithoutPriceOrCurrencyUsesTheDefaultCurrency() {
        let draft = RuleBasedDrafter().draft(prompt: "Yoga class for seniors", defaultCurrency: "GBP")
        #expect(draft.currency == "GBP")
        #expect(draft.amount == 0)
        #expect(draft.priceType == "PAY_WHAT_YOU_WANT")
        #expect(draft.title == "Yoga class for seniors")
    }

    @Test func numbersWithoutCurrencyOrPriceWordAreNotPrices() {
        let draft = RuleBasedDrafter().draft(prompt: "Workshop for 12 people, 3 hours", defaultCurrency: "RON")
        #expect(draft.amount == 0)
        #expect(draft.priceType == "PAY_WHAT_YOU_WANT")
    }

    @Test(
        arguments: [
            ("99", 9900), ("49,99", 4999), ("49.99", 4999), ("1.250,50", 125_050), ("1,250.50", 125_050),
            ("1.250", 125_000), ("1,250", 125_000), ("9.5", 950), ("1,5", 150), ("0", 0), ("12.345,6", 1_234_560),
            ("0,01", 1), ("999999,99", 99_999_999),
        ] as [(String, Int64)]
    )
    func parsesDecimalsExactly(_ text: String, _ minor: Int64) {
        #expect(DecimalAmount.minorUnits(text) == minor)
    }

    @Test(arguments: ["1.2345", "1234.567", "1.250.5", "1,2,3", "1.250,50,1", "1000000", "99999999999999", "", "1..2"])
    func refusesAmbiguousOrTooLargeDecimals(_ text: String) {
        #expect(DecimalAmount.minorUnits(text) == nil)
    }
}
