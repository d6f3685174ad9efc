import Cryptography

/// What happens when a test card is used, as Stripe's test cards behave.
package enum CardBehaviour: Sendable, Equatable {
    /// Payments succeed.
    case succeeds
    /// Payments are declined (`card_error` 402); `attachable` cards can still be saved to a customer (like
    /// 4000 0000 0000 0341), the others fail when attached too.
    case declines(code: String, declineCode: String?, message: String, attachable: Bool)
    /// Every payment needs 3-D Secure authentication (`requires_action`).
    case requiresAuthentication
    /// The payment succeeds, then the buyer disputes it.
    case disputes(reason: String)
}

/// One of Stripe's test cards.
package struct TestCard: Sendable {
    /// The card number.
    package var number: String
    /// `visa`, `mastercard`, `amex`.
    package var brand: String
    /// Issuing country (ISO 3166-1 alpha-2).
    package var country: String
    /// `credit` or `debit`.
    package var funding: String
    /// What payments with it do.
    package var behaviour: CardBehaviour

    /// The last four digits.
    package var last4: String { String(number.suffix(4)) }

    /// Stripe's per-card fingerprint: the same number always gives the same one (16 characters).
    package var fingerprint: String {
        let digest = SHA256.hash(Array("paylinks-sandbox:\(number)".utf8))
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        return String(digest.prefix(16).map { alphabet[Int($0) % 62] })
    }
}

/// Stripe's test payment methods (`pm_card_visa`…), tokens (`tok_visa`…) and card numbers.
package enum TestCards {
    private static let declined = "Your card was declined."

    /// The test payment method ids and their cards.
    package static let byToken: [String: TestCard] = [
        "pm_card_visa": TestCard(
            number: "4242424242424242",
            brand: "visa",
            country: "US",
            funding: "credit",
            behaviour: .succeeds
        ),
        "pm_card_visa_debit": TestCard(
            number: "4000056655665556",
            brand: "visa",
            country: "US",
            funding: "debit",
            behaviour: .succeeds
        ),
        "pm_card_mastercard": TestCard(
            number: "5555555555554444",
            brand: "mastercard",
            country: "US",
            funding: "credit",
            behaviour: .succeeds
        ),
        "pm_card_mastercard_debit": TestCard(
            number: "5200828282828210",
            brand: "mastercard",
            country: "US",
            funding: "debit",
            behaviour: .succeeds
        ),
        "pm_card_amex": TestCard(
            number: "378282246310005",
            brand: "amex",
            country: "US",
            funding: "credit",
            behaviour: .succeeds
        ),
        "pm_card_ro": TestCard(
            number: "4000006420000001",
            brand: "visa",
            country: "RO",
            funding: "credit",
            behaviour: .succeeds
        ),
        "pm_card_gb": TestCard(
            number: "4000008260000000",
            brand: "visa",
            country: "GB",
            funding: "credit",
            behaviour: .succeeds
        ),
        "pm_card_de": TestCard(
            number: "4000002760000016",
            brand: "visa",
            country: "DE",
            funding: "credit",
            behaviour: .succeeds
        ),
        "pm_card_chargeDeclined": TestCard(
            number: "4000000000000002",
            brand: "visa",
            country: "US",
            funding: "credit",
            behaviour: .declines(
                code: "card_declined",
                declineCode: "generic_decline",
                message: declined,
                attachable: false
            )
        ),
        "pm_card_chargeDeclinedInsufficientFunds": TestCard(
            number: "4000000000009995",
            brand: "visa",
            country: "US",
            funding: "credit",
            behaviour: .declines(
                code: "card_declined",
                declineCode: "insufficient_funds",
                message: "Your card has insufficient funds.",
                attachable: false
            )
        ),
        "pm_card_chargeDeclinedFraudulent": TestCard(
            number: "4000000000000019",
            brand: "visa",
            country: "US",
            funding: "credit",
            behaviour: .declines(code: "card_declined", declineCode: "fraudulent", message: declined, attachable: false)
        ),
        "pm_card_chargeDeclinedExpiredCard": TestCard(
            number: "4000000000000069",
            brand: "visa",
            country: "US",
            funding: "credit",
            behaviour: .declines(
                code: "expired_card",
                declineCode: nil,
                message: "Your card has expired.",
                attachable: false
            )
        ),
        "pm_card_chargeDeclinedIncorrectCvc": TestCard(
            number: "4000000000000127",
            brand: "visa",
            country: "US",
            funding: "credit",
            behaviour: .declines(
                code: "incorrect_cvc",
                declineCode: nil,
                message: "Your card's security code is incorrect.",
                attachable: false
            )
        ),
        "pm_card_chargeCustomerFail": TestCard(
            number: "4000000000000341",
            brand: "visa",
            country: "US",
            funding: "credit",
            behaviour: .declines(
                code: "card_declined",
                declineCode: "generic_decline",
                message: declined,
                attachable: true
            )
        ),
        "pm_card_authenticationRequired": TestCard(
            number: "4000002760003184",
            brand: "visa",
            country: "DE",
            funding: "credit",
            behaviour: .requiresAuthentication
        ),
        "pm_card_threeDSecure2Required": TestCard(
            number: "4000000000003220",
            brand: "visa",
            country: "US",
            funding: "credit",
            behaviour: .requiresAuthentication
        ),
        "pm_card_createDispute": TestCard(
            number: "4000000000000259",
            brand: "visa",
            country: "US",
            funding: "credit",
            behaviour: .disputes(reason: "fraudulent")
        ),
        "pm_card_createDisputeProductNotReceived": TestCard(
            number: "4000000000002685",
            brand: "visa",
            country: "US",
            funding: "credit",
            behaviour: .disputes(reason: "product_not_received")
        ),
    ]

    private static let byFingerprint: [String: TestCard] = Dictionary(
        byToken.values.map { ($0.fingerprint, $0) },
        uniquingKeysWith: { first, _ in first }
    )

    private static let byNumber: [String: TestCard] = Dictionary(
        byToken.values.map { ($0.number, $0) },
        uniquingKeysWith: { first, _ in first }
    )

    /// The card of a test token: `pm_card_visa`, or the same name as `tok_visa`.
    package static func card(token: String) -> TestCard? {
        if token.hasPrefix("tok_") { return byToken["pm_card_" + token.dropFirst(4)] }
        return byToken[token]
    }

    /// The card with this number (spaces ignored), or `nil` for a number that is not a Stripe test card.
    package static func card(number: String) -> TestCard? { byNumber[number.filter { $0 != " " }] }

    /// The card a stored payment method was made from (by its fingerprint); unknown → a succeeding card.
    package static func card(of paymentMethod: JSONObject) -> TestCard? {
        paymentMethod["card"]?["fingerprint"]?.stringValue.flatMap { byFingerprint[$0] }
    }
}

/// Payment methods as other resources need them.
package enum PaymentMethods {
    /// The payment method `id` in the caller's account: a stored `pm_…`, or a test token (`pm_card_visa`,
    /// `tok_visa`) made into a new stored payment method, as Stripe does.
    ///
    /// - Throws: 404 `resource_missing` naming `param`.
    package static func resolve(_ id: String, call: Call, param: String) async throws -> JSONObject {
        if let card = TestCards.card(token: id) {
            return try await create(card: card, call: call)
        }
        return try await call.store.require(id, account: call.account, object: "payment_method", param: param)
    }

    /// The stored payment method `id` of the caller's account, such as the one an intent already holds.
    ///
    /// - Throws: 404 `resource_missing` naming `payment_method`.
    package static func stored(_ id: String, call: Call) async throws -> JSONObject {
        try await call.store.require(id, account: call.account, object: "payment_method", param: "payment_method")
    }

    /// Creates and stores a card payment method for `card` (no customer).
    package static func create(
        card: TestCard,
        call: Call,
        billingDetails: Params? = nil,
        metadata: Params? = nil
    ) async throws -> JSONObject {
        var method = Templates.make("payment_method")
        method["allow_redisplay"] = "unspecified"
        if let billingDetails {
            var details = method["billing_details"]?.objectValue ?? JSONObject()
            for key in ["email", "name", "phone"] { billingDetails.assignString(key, to: &details) }
            if let address = billingDetails.object("address") {
                var postal = details["address"]?.objectValue ?? JSONObject()
                for key in ["city", "country", "line1", "line2", "postal_code", "state"] {
                    address.assignString(key, to: &postal)
                }
                details["address"] = .object(postal)
            }
            method["billing_details"] = .object(details)
        }
        let expiry = Int64(1970 + call.now / 31_556_952 + 3)
        method["card"] = [
            "brand": .string(card.brand),
            "checks": ["address_line1_check": nil, "address_postal_code_check": nil, "cvc_check": "pass"],
            "country": .string(card.country),
            "display_brand": .string(card.brand),
            "exp_month": 12,
            "exp_year": .int(expiry),
            "fingerprint": .string(card.fingerprint),
            "funding": .string(card.funding),
            "generated_from": nil,
            "last4": .string(card.last4),
            "networks": ["available": [.string(card.brand)], "preferred": nil],
            "three_d_secure_usage": ["supported": true],
            "wallet": nil,
            "regulated_status": "unregulated",
        ]
        method["created"] = .int(call.now)
        method["customer"] = nil
        method["id"] = .string(IDs.make("pm"))
        metadata?.applyMetadata(to: &method)
        method["type"] = "card"
        method["customer_account"] = nil
        try await call.store.insert(method, account: call.account)
        return method
    }
}
