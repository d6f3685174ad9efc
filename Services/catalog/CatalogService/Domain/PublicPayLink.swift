import Foundation

/// What the public checkout page may know about a payment link: never the seller's id, never the digital
/// product's `fileUrl`.
struct PublicPayLink: Encodable, Sendable {
    var id: UUID
    var slug: String
    var title: String
    var description: String?
    var priceType: String
    var serviceType: String
    var amount: Int64
    var currency: String
    var minAmount: Int64?
    var collectEmail: Bool
    var collectName: Bool
    var collectPhone: Bool
    var collectAddress: Bool
    var requireQuantity: Bool
    var maxQuantity: Int?
    var successUrl: String?
    var cancelUrl: String?
    var imageUrl: String?
    var thankYouMessage: String?
    var recurringInterval: String?
    var trialDays: Int?
    var active: Bool
    var createdAt: Date
    var updatedAt: Date
}
