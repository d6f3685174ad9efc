import Foundation
import Testing

@testable import CatalogService

/// A model's answer is checked by the `POST /paylinks` validator (``PayLinkInput``): accepted answers become
/// `llm` drafts of exactly the validated fields; a refused one gives the validator's message as the reason,
/// which names the field and the rule but never a value from the answer.
@Suite struct DraftAnswerTests {
    private static var good: [String: Any] {
        [
            "title": "  Curs de pâine ", "description": "Learn to bake.", "priceType": "FIXED",
            "serviceType": "DIGITAL_PRODUCT", "amount": 12345, "currency": "EUR", "minAmount": NSNull(),
            "recurringInterval": NSNull(),
        ]
    }

    private static func content(_ changes: [String: Any] = [:], removing removed: [String] = []) throws -> String {
        var object = good.merging(changes) { $1 }
        for key in removed { object[key] = nil }
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: .sortedKeys), as: UTF8.self)
    }

    @Test func aValidAnswerBecomesTheValidatedDraft() throws {
        let draft = try LLMDrafter.parse(content: Self.content(), defaultCurrency: "RON").get()
        #expect(
            draft
                == PayLinkDraft(
                    title: "Curs de pâine",
                    description: "Learn to bake.",
                    priceType: "FIXED",
                    serviceType: "DIGITAL_PRODUCT",
                    amount: 12345,
                    currency: "EUR",
                    minAmount: nil,
                    recurringInterval: nil,
                    trialDays: nil,
                    source: .llm
                )
        )
    }

    @Test func theCreateRequestAliasesAndDefaultsApply() throws {
        let content = try Self.content(
            [
                "name": "Yoga", "priceType": "flexible", "paymentType": "RECURRING", "recurringInterval": "Month",
                "minAmount": 500, "amount": 1000, "trialDays": 7, "collectEmail": false,
            ],
            removing: ["title", "serviceType", "currency"]
        )
        let draft = try LLMDrafter.parse(content: "```json\n\(content)\n```", defaultCurrency: "GBP").get()
        #expect(draft.title == "Yoga")
        #expect(draft.priceType == "PAY_WHAT_YOU_WANT")
        #expect(draft.serviceType == "SUBSCRIPTION")
        #expect(draft.paymentType == "RECURRING")
        #expect(draft.recurringInterval == "month")
        #expect(draft.minAmount == 500 && draft.amount == 1000 && draft.trialDays == 7)
        #expect(draft.currency == "GBP")
        #expect(draft.collectEmail == false)
        #expect(draft.source == .llm)
    }

    @Test(
        arguments: [
            (["priceType": "CHEAP-XYZ"], "priceType must be FIXED, PAY_WHAT_YOU_WANT or FREE"),
            (["currency": "USD-XYZ"], "currency must be RON, EUR or GBP"),
            (["amount": 49.99], "amount is in minor units, e.g. 4999 for 49.99"),
            (["amount": 10_000_000_001], "amount must be at most 10000000000"),
            (["amount": "12345-XYZ"], "amount must be an integer in minor units, e.g. 4999 for 49.99"),
            (["title": String(repeating: "XYZ", count: 67) + "!"], "title must be at most 200 characters"),
            (["title": "   "], "title must not be empty"),
            (["serviceType": "SUBSCRIPTION"], "recurringInterval is required for SUBSCRIPTION (month or year)"),
            (["recurringInterval": "weekly-XYZ"], "recurringInterval must be month or year"),
            (["minAmount": 100], "minAmount is only for PAY_WHAT_YOU_WANT"),
            (["priceType": "FREE"], "amount must be absent or 0 for FREE"),
            (["imageUrl": "javascript:XYZ"], "imageUrl must be an http or https URL of at most 2048 characters"),
        ] as [([String: any Sendable], String)]
    )
    func anInvalidAnswerIsRefusedWithTheCreateMessage(_ changes: [String: any Sendable], _ message: String) throws {
        let result = LLMDrafter.parse(content: try Self.content(changes), defaultCurrency: "RON")
        #expect(result == .failure(.invalidDraft(message)))
        let reason = "\(LLMDrafter.Failure.invalidDraft(message))"
        #expect(reason == "draft is not a valid create request: \(message)")
        for value in ["XYZ", "Curs de pâine", "Learn to bake"] { #expect(!reason.contains(value)) }
    }

    @Test func aMissingTitleIsRefused() throws {
        let result = LLMDrafter.parse(content: try Self.content(removing: ["title"]), defaultCurrency: "RON")
        #expect(result == .failure(.invalidDraft("title is required")))
    }

    @Test(arguments: ["Sure! {title: Bread", "[1, 2]", "\"FIXED\"", "", "```json\n[]\n```", "{\"title\": }"])
    func contentThatIsNotAJSONObjectIsRefused(_ content: String) {
        #expect(LLMDrafter.parse(content: content, defaultCurrency: "RON") == .failure(.invalidDraftJSON))
    }
}
