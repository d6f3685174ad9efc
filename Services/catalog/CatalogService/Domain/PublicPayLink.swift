package import Foundation
package import HTTPCore
import HTTPRouter

/// What the public checkout page may know about a payment link: never the seller's id, never the digital
/// product's `fileUrl`.
///
/// Served with ``jsonResponse()`` (the checkout's hottest route); the `Encodable` conformance gives the same
/// bytes and is the test oracle for it.
package struct PublicPayLink: Encodable, Sendable {
    /// The link's id, lowercase.
    package var id: String
    package var slug: String
    package var title: String
    package var description: String?
    package var priceType: String
    package var serviceType: String
    package var amount: Int64
    package var currency: String
    package var minAmount: Int64?
    package var collectEmail: Bool
    package var collectName: Bool
    package var collectPhone: Bool
    package var collectAddress: Bool
    package var requireQuantity: Bool
    package var maxQuantity: Int?
    package var successUrl: String?
    package var cancelUrl: String?
    package var imageUrl: String?
    package var thankYouMessage: String?
    package var recurringInterval: String?
    package var trialDays: Int?
    package var active: Bool
    package var createdAt: Date
    package var updatedAt: Date

    /// The object as JSON, written directly (keys in ascending order, as `JSONCoding` sorts them).
    package func jsonResponse() -> HTTPResponse {
        var writer = JSONObjectWriter(capacity: 768)
        writer.write("active", active)
        writer.write("amount", amount)
        writer.write("cancelUrl", cancelUrl)
        writer.write("collectAddress", collectAddress)
        writer.write("collectEmail", collectEmail)
        writer.write("collectName", collectName)
        writer.write("collectPhone", collectPhone)
        writer.write("createdAt", createdAt)
        writer.write("currency", currency)
        writer.write("description", description)
        writer.write("id", id)
        writer.write("imageUrl", imageUrl)
        writer.write("maxQuantity", maxQuantity)
        writer.write("minAmount", minAmount)
        writer.write("priceType", priceType)
        writer.write("recurringInterval", recurringInterval)
        writer.write("requireQuantity", requireQuantity)
        writer.write("serviceType", serviceType)
        writer.write("slug", slug)
        writer.write("successUrl", successUrl)
        writer.write("thankYouMessage", thankYouMessage)
        writer.write("title", title)
        writer.write("trialDays", trialDays)
        writer.write("updatedAt", updatedAt)
        return writer.response()
    }
}
