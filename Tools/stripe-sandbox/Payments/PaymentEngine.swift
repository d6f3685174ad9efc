package import StripeSandboxCore

/// The outcome of an off-session payment (an invoice payment): the payment intent, its charge and whether
/// it succeeded; a decline is a result, not an error.
package struct OffSessionResult: Sendable {
    /// The payment intent as stored (`succeeded` or `requires_payment_method`).
    package var paymentIntent: JSONObject
    /// The charge (succeeded or failed), when one was made.
    package var charge: JSONObject?
    /// Whether the payment succeeded.
    package var succeeded: Bool
    /// The decline code (`card_declined`, `authentication_required`…) when it failed.
    package var failureCode: String?
    /// The decline message when it failed.
    package var failureMessage: String?
}

/// Payments as other families need them.
package enum PaymentEngine {
    /// Creates and confirms a payment intent off-session on `call.account` (events, ledger, charge, dispute
    /// behaviour included) — what an invoice payment does. `forceDecline` makes it fail like a declined card.
    ///
    /// - Parameters:
    ///   - customer: a customer id of `call.account` (404 `resource_missing` naming `customer` otherwise).
    ///   - paymentMethod: a stored `pm_…` of `call.account`, or a test token (`pm_card_visa`).
    ///   - applicationFeeAmount: an application fee for the platform (direct charge) when `call.account` is a
    ///     connected account.
    /// - Returns: the result; a declined card (or a card needing authentication, which cannot be done
    ///   off-session) gives `succeeded == false` with Stripe's decline code and message.
    package static func chargeOffSession(
        call: Call,
        amount: Int64,
        currency: String,
        customer: String,
        paymentMethod: String,
        description: String?,
        metadata: JSONObject,
        applicationFeeAmount: Int64?,
        forceDecline: Bool
    ) async throws -> OffSessionResult {
        _ = try await call.store.require(customer, account: call.account, object: "customer", param: "customer")
        let method = try await PaymentMethods.resolve(paymentMethod, call: call, param: "payment_method")
        var intent = Payments.newIntent(call: call, amount: amount, currency: currency)
        intent["customer"] = .string(customer)
        intent["description"] = .string(description)
        intent["metadata"] = .object(metadata)
        intent["application_fee_amount"] = .int(applicationFeeAmount)
        intent["payment_method"] = .string(method["id"]?.stringValue)
        intent["status"] = "requires_confirmation"
        try await call.store.insert(intent, account: call.account)
        try await call.events.record(type: "payment_intent.created", object: intent, account: call.account)
        let decline = try await Payments.confirm(
            call: call,
            intent: &intent,
            method: method,
            offSession: true,
            forceDecline: forceDecline
        )
        var charge: JSONObject?
        if let id = intent["latest_charge"]?.stringValue {
            charge = try await call.store.find(id, account: call.account, object: "charge")
        }
        return OffSessionResult(
            paymentIntent: intent,
            charge: charge,
            succeeded: decline == nil && intent["status"] == "succeeded",
            failureCode: decline?.code,
            failureMessage: decline?.message
        )
    }
}

/// A declined confirmation.
struct Decline: Sendable {
    var code: String
    var declineCode: String?
    var message: String
    var charge: JSONObject?
    var method: JSONObject
    var intent: JSONObject

    /// The 402 `card_error` Stripe answers, keeping the side effects.
    var error: StripeError {
        var extra: JSONObject = [:]
        if let charge { extra["charge"] = .string(charge["id"]?.stringValue) }
        if let declineCode { extra["decline_code"] = .string(declineCode) }
        extra["payment_intent"] = .object(intent)
        extra["payment_method"] = .object(method)
        return StripeError(
            status: 402,
            type: "card_error",
            code: code,
            message: message,
            param: "",
            extra: extra,
            commit: true
        )
    }
}

/// The payment machinery shared by the routes, the 3-D Secure page and ``PaymentEngine``.
enum Payments {
    /// The processing fee description on balance transactions.
    static let stripeFeeDescription = "Stripe processing fees"
    /// The dispute fee (minor units).
    static let disputeFee: Int64 = 1500

    /// A new payment intent skeleton (`requires_payment_method`, automatic capture, card) of `call.account`.
    static func newIntent(call: Call, amount: Int64, currency: String) -> JSONObject {
        var intent = Templates.make("payment_intent")
        let id = IDs.make("pi")
        intent["amount"] = .int(amount)
        intent["amount_capturable"] = 0
        intent["amount_received"] = 0
        intent["automatic_payment_methods"] = nil
        intent["capture_method"] = "automatic"
        intent["client_secret"] = .string(IDs.secret(for: id))
        intent["confirmation_method"] = "automatic"
        intent["created"] = .int(call.now)
        intent["currency"] = .string(currency)
        intent["id"] = .string(id)
        intent["last_payment_error"] = nil
        intent["next_action"] = nil
        intent["payment_method_configuration_details"] = nil
        intent["payment_method_options"] = [
            "card": [
                "installments": nil, "mandate_options": nil, "network": nil, "request_three_d_secure": "automatic",
            ]
        ]
        intent["payment_method_types"] = ["card"]
        intent["processing"] = nil
        intent["shipping"] = nil
        intent["status"] = "requires_payment_method"
        intent["transfer_data"] = nil
        intent["managed_payments"] = nil
        return intent
    }

    /// Confirms `intent` (stored already) with `method`: authorises, captures (automatic capture), declines
    /// or asks for 3-D Secure; stores the intent and records the events. Returns the decline, if any.
    static func confirm(
        call: Call,
        intent: inout JSONObject,
        method: JSONObject,
        offSession: Bool,
        forceDecline: Bool = false,
        returnURL: String? = nil
    ) async throws -> Decline? {
        intent["payment_method"] = .string(method["id"]?.stringValue)
        intent["last_payment_error"] = nil
        intent["next_action"] = nil
        let behaviour: CardBehaviour =
            forceDecline
            ? .declines(
                code: "card_declined",
                declineCode: "generic_decline",
                message: "Your card was declined.",
                attachable: true
            )
            : (TestCards.card(of: method)?.behaviour ?? .succeeds)
        switch behaviour {
        case .requiresAuthentication where offSession:
            return try await decline(
                call: call,
                intent: &intent,
                method: method,
                code: "authentication_required",
                declineCode: "authentication_required",
                message: "Your card was declined. This transaction requires authentication."
            )
        case .requiresAuthentication:
            let account = call.account
            let id = intent["id"]?.stringValue ?? ""
            let secret = intent["client_secret"]?.stringValue ?? ""
            let url = "\(call.publicURL)/sandbox/3ds/\(account)/\(id)?client_secret=\(secret)"
            intent["status"] = "requires_action"
            intent["next_action"] = IntentAttempts.redirectAction(url: url, returnURL: returnURL)
            try await call.store.update(intent, account: call.account)
            try await call.events.record(type: "payment_intent.requires_action", object: intent, account: call.account)
            return nil
        case .declines(let code, let declineCode, let message, _):
            return try await decline(
                call: call,
                intent: &intent,
                method: method,
                code: code,
                declineCode: declineCode,
                message: message
            )
        case .succeeds, .disputes:
            try await authorize(call: call, intent: &intent, method: method, threeDSecure: false)
            return nil
        }
    }

    /// A declined payment: a failed charge, the intent back to `requires_payment_method`, the events.
    static func decline(
        call: Call,
        intent: inout JSONObject,
        method: JSONObject,
        code: String,
        declineCode: String?,
        message: String
    ) async throws -> Decline {
        var charge = makeCharge(call: call, intent: intent, method: method, threeDSecure: false)
        charge["amount_captured"] = 0
        charge["captured"] = false
        charge["failure_code"] = .string(code)
        charge["failure_message"] = .string(message)
        charge["outcome"] = [
            "advice_code": nil, "network_advice_code": nil, "network_decline_code": nil,
            "network_status": "declined_by_network", "reason": .string(declineCode ?? code),
            "seller_message": "The bank did not return any further details with this decline.",
            "type": "issuer_declined", "risk_level": "normal",
        ]
        charge["paid"] = false
        charge["status"] = "failed"
        try await call.store.insert(charge, account: call.account)
        let chargeID = charge["id"]?.stringValue
        var error: JSONObject = [:]
        error["charge"] = .string(chargeID)
        error["code"] = .string(code)
        if let declineCode { error["decline_code"] = .string(declineCode) }
        error["doc_url"] = .string(StripeError.docURL(code: code))
        error["message"] = .string(message)
        error["payment_method"] = .object(method)
        error["type"] = "card_error"
        intent["latest_charge"] = .string(chargeID)
        try await call.events.record(type: "charge.failed", object: charge, account: call.account)
        try await IntentAttempts.fail(&intent, .payment, error: error, call: call)
        return Decline(
            code: code,
            declineCode: declineCode,
            message: message,
            charge: charge,
            method: method,
            intent: intent
        )
    }

    /// A successful authorisation: the charge, then capture (automatic) or `requires_capture` (manual).
    static func authorize(call: Call, intent: inout JSONObject, method: JSONObject, threeDSecure: Bool) async throws {
        var charge = makeCharge(call: call, intent: intent, method: method, threeDSecure: threeDSecure)
        let amount = intent["amount"]?.intValue ?? 0
        intent["latest_charge"] = charge["id"]
        intent["next_action"] = nil
        intent["last_payment_error"] = nil
        try await saveForFutureUse(call: call, intent: intent, method: method)
        if intent["capture_method"] == "manual" {
            charge["amount_captured"] = 0
            charge["captured"] = false
            try await call.store.insert(charge, account: call.account)
            intent["amount_capturable"] = .int(amount)
            intent["status"] = "requires_capture"
            try await call.store.update(intent, account: call.account)
            try await call.events.record(type: "charge.succeeded", object: charge, account: call.account)
            try await call.events.record(
                type: "payment_intent.amount_capturable_updated",
                object: intent,
                account: call.account
            )
            return
        }
        charge["amount_captured"] = .int(amount)
        charge["captured"] = true
        try await settle(
            call: call,
            intent: intent,
            charge: &charge,
            captured: amount,
            applicationFee: intent["application_fee_amount"]?.intValue
        )
        try await call.store.insert(charge, account: call.account)
        intent["amount_received"] = .int(amount)
        intent["amount_capturable"] = 0
        intent["status"] = "succeeded"
        try await call.store.update(intent, account: call.account)
        try await call.events.record(type: "charge.succeeded", object: charge, account: call.account)
        try await call.events.record(type: "payment_intent.succeeded", object: intent, account: call.account)
        try await disputeIfNeeded(call: call, charge: &charge, method: method)
    }

    /// `setup_future_usage` with a customer: the payment method is attached to the customer once authorised.
    static func saveForFutureUse(call: Call, intent: JSONObject, method: JSONObject) async throws {
        guard !(intent["setup_future_usage"]?.isNull ?? true), let customer = intent["customer"]?.stringValue,
            method["customer"]?.isNull ?? true, let id = method["id"]?.stringValue,
            var stored = try await call.store.lock(id, account: call.account, object: "payment_method")
        else { return }
        stored["customer"] = .string(customer)
        try await call.store.update(stored, account: call.account)
        try await call.events.record(type: "payment_method.attached", object: stored, account: call.account)
    }

    /// Opens a dispute when the charge's card is one of Stripe's dispute test cards.
    static func disputeIfNeeded(call: Call, charge: inout JSONObject, method: JSONObject) async throws {
        guard case .disputes(let reason)? = TestCards.card(of: method)?.behaviour else { return }
        try await Disputes.open(call: call, charge: &charge, reason: reason)
    }

    /// Moves the money of a captured charge: its balance transaction (stripe fee, + the application fee on
    /// direct charges), the application fee on the platform, the transfer of a destination charge.
    static func settle(
        call: Call,
        intent: JSONObject,
        charge: inout JSONObject,
        captured: Int64,
        applicationFee: Int64?
    ) async throws {
        let currency = charge["currency"]?.stringValue ?? "usd"
        let chargeID = charge["id"]?.stringValue ?? ""
        let availableOn = call.now + Ledger.pendingSeconds
        let direct = !call.isPlatform && (applicationFee ?? 0) > 0
        var fees: [(amount: Int64, type: String, description: String)] = [
            (Ledger.stripeFee(amount: captured, currency: currency), "stripe_fee", stripeFeeDescription)
        ]
        if direct, let applicationFee { fees.append((applicationFee, "application_fee", "Application fee")) }
        let transaction = try await call.ledger.record(
            account: call.account,
            amount: captured,
            currency: currency,
            fees: fees,
            type: "charge",
            reportingCategory: "charge",
            source: chargeID,
            description: charge["description"]?.stringValue,
            availableOn: availableOn
        )
        charge["balance_transaction"] = transaction["id"]
        charge["application_fee_amount"] = .int(applicationFee)
        let destination = intent["transfer_data"]?["destination"]?.stringValue
        if let applicationFee, applicationFee > 0, direct || destination != nil {
            let fee = try await createApplicationFee(
                call: call,
                charge: charge,
                amount: applicationFee,
                account: destination ?? call.account,
                moneyMoves: direct
            )
            charge["application_fee"] = fee["id"]
        }
        if let destination {
            var amount = captured - (applicationFee ?? 0)
            if let fixed = intent["transfer_data"]?["amount"]?.intValue { amount = min(fixed, captured) }
            try await createTransfer(
                call: call,
                charge: charge,
                destination: destination,
                amount: max(0, amount),
                availableOn: availableOn
            )
        }
    }

    /// The `application_fee` object (and its balance transaction when money moves) on the platform.
    static func createApplicationFee(
        call: Call,
        charge: JSONObject,
        amount: Int64,
        account: String,
        moneyMoves: Bool
    ) async throws -> JSONObject {
        let platform = call.platformAccount
        let id = IDs.make("fee")
        let currency = charge["currency"]?.stringValue ?? "usd"
        var fee = Templates.make("application_fee")
        fee["account"] = .string(account)
        fee["amount"] = .int(amount)
        fee["amount_refunded"] = 0
        fee["application"] = .string(applicationID(platform))
        fee["balance_transaction"] = nil
        if moneyMoves {
            let transaction = try await call.ledger.record(
                account: platform,
                amount: amount,
                currency: currency,
                type: "application_fee",
                reportingCategory: "platform_earning",
                source: id,
                description: nil,
                availableOn: call.now + Ledger.pendingSeconds
            )
            fee["balance_transaction"] = transaction["id"]
        }
        fee["charge"] = charge["id"]
        fee["created"] = .int(call.now)
        fee["currency"] = .string(currency)
        fee["fee_source"] = ["charge": charge["id"] ?? nil, "type": "charge"]
        fee["id"] = .string(id)
        fee["originating_transaction"] = nil
        fee["refunded"] = false
        fee["refunds"] = [
            "object": "list", "data": [], "has_more": false, "url": .string("/v1/application_fees/\(id)/refunds"),
        ]
        try await call.store.insert(fee, account: platform)
        try await call.events.record(type: "application_fee.created", object: fee, account: platform)
        return fee
    }

    /// The platform's Connect application id (`ca_…`), derived from the platform account.
    static func applicationID(_ platform: String) -> String {
        "ca_" + platform.dropFirst(5)
    }

    /// The transfer of a destination charge: out of the platform, into the destination account.
    static func createTransfer(
        call: Call,
        charge: JSONObject,
        destination: String,
        amount: Int64,
        availableOn: Int64
    ) async throws {
        let platform = call.platformAccount
        let currency = charge["currency"]?.stringValue ?? "usd"
        let id = IDs.make("tr")
        let payment = IDs.make("py")
        let out = try await call.ledger.record(
            account: platform,
            amount: -amount,
            currency: currency,
            type: "transfer",
            reportingCategory: "transfer",
            source: id,
            description: nil,
            availableOn: availableOn
        )
        try await call.ledger.record(
            account: destination,
            amount: amount,
            currency: currency,
            type: "payment",
            reportingCategory: "charge",
            source: payment,
            description: nil,
            availableOn: availableOn
        )
        var transfer = Templates.make("transfer")
        transfer["amount"] = .int(amount)
        transfer["amount_reversed"] = 0
        transfer["balance_transaction"] = out["id"]
        transfer["created"] = .int(call.now)
        transfer["currency"] = .string(currency)
        transfer["description"] = nil
        transfer["destination"] = .string(destination)
        transfer["destination_payment"] = .string(payment)
        transfer["id"] = .string(id)
        transfer["reversals"] = [
            "object": "list", "data": [], "has_more": false, "url": .string("/v1/transfers/\(id)/reversals"),
        ]
        transfer["reversed"] = false
        transfer["source_transaction"] = charge["id"]
        transfer["source_type"] = "card"
        transfer["transfer_group"] = charge["transfer_group"] ?? nil
        try await call.store.insert(transfer, account: platform)
        try await call.events.record(type: "transfer.created", object: transfer, account: platform)
    }

    /// A charge of `intent` paid with `method` (status `succeeded`, not yet stored; callers adjust it).
    static func makeCharge(call: Call, intent: JSONObject, method: JSONObject, threeDSecure: Bool) -> JSONObject {
        var charge = Templates.make("charge")
        let id = IDs.make("ch")
        let amount = intent["amount"]?.intValue ?? 0
        let card = method["card"]?.objectValue ?? [:]
        charge["amount"] = .int(amount)
        charge["amount_captured"] = .int(amount)
        charge["amount_refunded"] = 0
        charge["application_fee"] = nil
        charge["application_fee_amount"] = intent["application_fee_amount"] ?? nil
        charge["balance_transaction"] = nil
        if let billing = method["billing_details"] { charge["billing_details"] = billing }
        let descriptor = intent["statement_descriptor"]?.stringValue ?? "PAYLINKS SANDBOX"
        let suffix = intent["statement_descriptor_suffix"]?.stringValue
        charge["calculated_statement_descriptor"] = .string(
            suffix.map { "\(descriptor.prefix(10))* \($0)" } ?? descriptor
        )
        charge["captured"] = true
        charge["created"] = .int(call.now)
        charge["currency"] = intent["currency"] ?? nil
        charge["customer"] = intent["customer"] ?? nil
        charge["description"] = intent["description"] ?? nil
        charge["disputed"] = false
        charge["fraud_details"] = [:]
        charge["id"] = .string(id)
        charge["metadata"] = intent["metadata"] ?? [:]
        charge["on_behalf_of"] = intent["on_behalf_of"] ?? nil
        charge["outcome"] = [
            "advice_code": nil, "network_advice_code": nil, "network_decline_code": nil,
            "network_status": "approved_by_network", "reason": nil, "seller_message": "Payment complete.",
            "type": "authorized", "risk_level": "normal",
        ]
        charge["paid"] = true
        charge["payment_intent"] = intent["id"] ?? nil
        charge["payment_method"] = method["id"] ?? nil
        let brand = card["brand"] ?? nil
        var details: JSONObject = [:]
        details["amount_authorized"] = .int(amount)
        details["brand"] = brand
        details["checks"] = card["checks"] ?? nil
        details["country"] = card["country"] ?? nil
        details["exp_month"] = card["exp_month"] ?? nil
        details["exp_year"] = card["exp_year"] ?? nil
        details["extended_authorization"] = ["status": "disabled"]
        details["fingerprint"] = card["fingerprint"] ?? nil
        details["funding"] = card["funding"] ?? nil
        details["incremental_authorization"] = ["status": "unavailable"]
        details["installments"] = nil
        details["last4"] = card["last4"] ?? nil
        details["mandate"] = nil
        details["multicapture"] = ["status": "unavailable"]
        details["network"] = brand
        details["network_token"] = ["used": false]
        details["overcapture"] = ["maximum_amount_capturable": .int(amount), "status": "unavailable"]
        details["three_d_secure"] =
            threeDSecure
            ? [
                "authentication_flow": "challenge", "electronic_commerce_indicator": "05",
                "exemption_indicator": nil, "result": "authenticated", "result_reason": nil,
                "transaction_id": .string(IDs.random(8).lowercased() + "-sandbox"), "version": "2.2.0",
            ] : nil
        details["wallet"] = nil
        details["authorization_code"] = .string(String(IDs.random(6).uppercased()))
        details["regulated_status"] = card["regulated_status"] ?? nil
        details["network_transaction_id"] = .string(IDs.random(15).uppercased())
        details["transaction_link_id"] = nil
        charge["payment_method_details"] = ["card": .object(details), "type": "card"]
        charge["receipt_email"] = intent["receipt_email"] ?? nil
        charge["receipt_number"] = nil
        charge["receipt_url"] = .string("\(call.publicURL)/sandbox/receipts/\(call.account)/\(id)")
        charge["refunded"] = false
        charge["refunds"] = [
            "object": "list", "data": [], "has_more": false, "url": .string("/v1/charges/\(id)/refunds"),
        ]
        charge["review"] = nil
        charge["shipping"] = intent["shipping"] ?? nil
        charge["source_transfer"] = nil
        charge["statement_descriptor"] = intent["statement_descriptor"] ?? nil
        charge["statement_descriptor_suffix"] = intent["statement_descriptor_suffix"] ?? nil
        charge["status"] = "succeeded"
        if let destination = intent["transfer_data"]?["destination"]?.stringValue {
            charge["transfer_data"] = [
                "amount": intent["transfer_data"]?["amount"] ?? nil, "destination": .string(destination),
            ]
        } else {
            charge["transfer_data"] = nil
        }
        charge["transfer_group"] = intent["transfer_group"] ?? nil
        charge["source"] = nil
        return charge
    }
}
