import Cryptography
import HTTPCore
import HTTPRouter
import ServiceIdentity
import ServiceRuntime

/// `POST /internal/paylinks/{id}/payments`, for the payments service when money moves on a link.
///
/// Body `{"transactionId","amountMinor","currency"}`; only callers with role `SERVICE` (403 otherwise).
/// Counted once per `transactionId`: a replay answers the same totals with `"counted": false`; the same
/// id with another link, amount or currency is a 409. The link's `totalRevenue` (in its own currency) and
/// `totalTransactions` move, and the link becomes ever-paid: deleting it then archives it.
/// Archived links still count (a late payment of a link the seller deleted).
enum PayLinkCounterRoutes {
    private struct Payment: Decodable {
        var transactionId: String
        var amountMinor: Int64
        var currency: String
    }

    private struct Counted: Encodable {
        var payLinkId: String
        var counted: Bool
        var totalRevenue: Int64
        var totalTransactions: Int64
    }

    static func register(on api: RouterGroup<ServiceRequestContext>, repository: any PayLinkRepository) {
        api.post("/internal/paylinks/{id}/payments") { request, context in
            try context.requireService()
            guard let id = UUIDv7.normalized(try context.parameters.require("id")) else {
                throw PayLinkRoutes.notFound
            }
            let payment = try request.decode(as: Payment.self)
            guard (1...255).contains(payment.transactionId.utf8.count),
                payment.transactionId.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
            else {
                throw HTTPError.validation("transactionId must be 1 to 255 printable ASCII characters")
            }
            guard payment.amountMinor >= 0, payment.amountMinor <= PayLinkInput.maxAmount else {
                throw HTTPError.validation("amountMinor must be between 0 and \(PayLinkInput.maxAmount)")
            }
            guard PayLinkInput.currencies.contains(payment.currency) else {
                throw HTTPError.validation("currency must be RON, EUR or GBP")
            }
            let result = try await repository.recordPayment(
                PayLinkPayment(
                    payLinkID: id,
                    transactionID: payment.transactionId,
                    amountMinor: payment.amountMinor,
                    currency: payment.currency
                )
            )
            switch result {
            case .counted(let newly, let revenue, let count):
                return Counted(payLinkId: id, counted: newly, totalRevenue: revenue, totalTransactions: count)
            case .unknownLink:
                throw PayLinkRoutes.notFound
            case .conflictingReplay:
                throw HTTPError(
                    .conflict,
                    code: .conflict,
                    message: "transactionId was already counted with another link, amount or currency"
                )
            case .currencyMismatch:
                throw HTTPError.validation("currency must be the link's currency")
            }
        }
    }
}
