import Foundation
import HTTPCore
import HTTPRouter
import Testing

@testable import CatalogService

@Suite struct PublicPayLinkJSONTests {
    private static func link(optionals: Bool, text: String) -> PublicPayLink {
        PublicPayLink(
            id: "01937a7e-0000-7000-8000-0000000000ab",
            slug: "premium-course",
            title: text,
            description: optionals ? "Line one\nline \"two\" — ăîșț" : nil,
            priceType: "PAY_WHAT_YOU_WANT",
            serviceType: "SUBSCRIPTION",
            amount: 4999,
            currency: "EUR",
            minAmount: optionals ? 500 : nil,
            collectEmail: true,
            collectName: optionals,
            collectPhone: false,
            collectAddress: optionals,
            requireQuantity: optionals,
            maxQuantity: optionals ? 10 : nil,
            successUrl: optionals ? "https://seller.example/thanks?x=1&y=/2" : nil,
            cancelUrl: optionals ? "https://seller.example/cancel" : nil,
            imageUrl: optionals ? "https://img/x.png" : nil,
            thankYouMessage: optionals ? "Mulțumim!\t😀" : nil,
            recurringInterval: optionals ? "month" : nil,
            trialDays: optionals ? 14 : nil,
            active: true,
            createdAt: Date(timeIntervalSince1970: 1_771_322_400.5),
            updatedAt: Date(timeIntervalSince1970: 1_771_322_401.999)
        )
    }

    @Test(arguments: [true, false])
    func theDirectWriterMatchesTheEncoderByteForByte(optionals: Bool) throws {
        let link = Self.link(optionals: optionals, text: "Premium \\ Course </b>")
        #expect(link.jsonResponse().body.bytesForTest == (try JSONCoding.encode(link)))
    }

    @Test func neverContainsPrivateFields() {
        let text = String(
            decoding: Self.link(optionals: true, text: "t").jsonResponse().body.bytesForTest,
            as: UTF8.self
        )
        #expect(!text.contains("fileUrl") && !text.contains("seller_id") && !text.contains("sellerId"))
    }
}

extension HTTPResponseBody {
    fileprivate var bytesForTest: [UInt8] {
        if case .bytes(let bytes) = self { return bytes }
        return []
    }
}
