import StripeSandboxCore

/// `/v1/charges` (retrieve, list, update), `/v1/refunds`, `/v1/balance_transactions`, `/v1/application_fees`
/// and `/v1/transfers` (retrieve and list).
enum Charges {
    static func register(_ routes: SandboxRoutes) {
        routes.get("/v1/charges/{id}") { call in
            .object(try await call.pathObject("charge"))
        }
        routes.get(
            "/v1/charges",
            schema: .list([
                Param("customer", .string(maxLength: 255)), Param("payment_intent", .string(maxLength: 255)),
                Param("transfer_group", .string(maxLength: 255)),
            ])
        ) { call in
            try await call.store.list(
                object: "charge",
                account: call.account,
                filters: call.params.filters(["customer", "payment_intent", "transfer_group"]),
                page: call.page,
                url: "/v1/charges"
            )
        }
        routes.post(
            "/v1/charges/{id}",
            schema: Schema([
                Param("description", .string(maxLength: 1000)), Param("metadata", .metadata),
                Param("receipt_email", .string(maxLength: 800)), Param("shipping", PaymentIntents.shipping),
                Param("transfer_group", .string(maxLength: 255)),
                Param("fraud_details", .object([Param("user_report", .enumeration(["fraudulent", "safe"]))])),
            ])
        ) { call in
            var charge = try await call.pathObject("charge", forUpdate: true)
            let before = charge
            call.params.assignString("description", to: &charge)
            call.params.applyMetadata(to: &charge)
            call.params.assignString("receipt_email", to: &charge)
            call.params.assignString("transfer_group", to: &charge)
            if call.params.has("shipping") { charge["shipping"] = call.params.json("shipping") ?? nil }
            if let report = call.params.object("fraud_details")?.string("user_report") {
                charge["fraud_details"] = ["user_report": .string(report)]
            }
            try await call.store.update(charge, account: call.account)
            let previous = EventRecorder.changes(from: before, to: charge)
            if previous.count > 0 {
                try await call.events.record(
                    type: "charge.updated",
                    object: charge,
                    account: call.account,
                    previous: previous
                )
            }
            return .object(charge)
        }
        Refunds.register(routes)
        routes.get("/v1/balance_transactions/{id}") { call in
            .object(
                try await call.pathObject("balance_transaction")
            )
        }
        routes.get(
            "/v1/balance_transactions",
            schema: .list([
                Param("type", .string(maxLength: 100)), Param("source", .string(maxLength: 255)),
                Param("payout", .string(maxLength: 255)), Param("currency", .currency),
            ])
        ) { call in
            var filters = call.params.filters(["type", "source", "currency"])
            // A payout's own balance transaction (the sandbox does not track which charges a payout swept).
            if let payout = call.params.string("payout") { filters["source"] = payout }
            return try await call.store.list(
                object: "balance_transaction",
                account: call.account,
                filters: filters,
                page: call.page,
                url: "/v1/balance_transactions"
            )
        }
        routes.get("/v1/application_fees/{id}") { call in
            .object(try await call.pathObject("application_fee"))
        }
        routes.get("/v1/application_fees", schema: .list([Param("charge", .string(maxLength: 255))])) { call in
            try await call.store.list(
                object: "application_fee",
                account: call.account,
                filters: call.params.filters(["charge"]),
                page: call.page,
                url: "/v1/application_fees"
            )
        }
        routes.get("/v1/transfers/{id}") { call in
            .object(try await call.pathObject("transfer"))
        }
        routes.get(
            "/v1/transfers",
            schema: .list([
                Param("destination", .string(maxLength: 255)), Param("transfer_group", .string(maxLength: 255)),
            ])
        ) { call in
            try await call.store.list(
                object: "transfer",
                account: call.account,
                filters: call.params.filters(["destination", "transfer_group"]),
                page: call.page,
                url: "/v1/transfers"
            )
        }
    }
}

/// Refunds (`re_…`) of captured charges, with their balance transactions.
enum Refunds {
    static func register(_ routes: SandboxRoutes) {
        routes.post(
            "/v1/refunds",
            schema: Schema([
                Param("charge", .string(maxLength: 255)), Param("payment_intent", .string(maxLength: 255)),
                Param("amount", .integer(min: 1)),
                Param("reason", .enumeration(["duplicate", "fraudulent", "requested_by_customer"])),
                Param("metadata", .metadata), Param("refund_application_fee", .boolean),
                Param("reverse_transfer", .boolean), Param("instructions_email", .string(maxLength: 800)),
            ])
        ) { call in .object(try await create(call)) }
        routes.get("/v1/refunds/{id}") { call in
            .object(try await call.pathObject("refund"))
        }
        routes.post("/v1/refunds/{id}", schema: Schema([Param("metadata", .metadata)])) { call in
            var refund = try await call.pathObject("refund", forUpdate: true)
            call.params.applyMetadata(to: &refund)
            try await call.store.update(refund, account: call.account)
            return .object(refund)
        }
        routes.get(
            "/v1/refunds",
            schema: .list([Param("charge", .string(maxLength: 255)), Param("payment_intent", .string(maxLength: 255))])
        ) { call in
            try await call.store.list(
                object: "refund",
                account: call.account,
                filters: call.params.filters(["charge", "payment_intent"]),
                page: call.page,
                url: "/v1/refunds"
            )
        }
    }

    static func create(_ call: Call) async throws -> JSONObject {
        let params = call.params
        var chargeID = params.string("charge")
        let intentID = params.string("payment_intent")
        if chargeID != nil && intentID != nil {
            throw StripeError.invalidRequest(
                "You can only specify one of these parameters: charge, payment_intent.",
                param: "payment_intent"
            )
        }
        if let intentID {
            let intent = try await call.store.require(
                intentID,
                account: call.account,
                object: "payment_intent",
                param: "payment_intent"
            )
            guard intent["status"] == "succeeded", let latest = intent["latest_charge"]?.stringValue else {
                throw StripeError.invalidRequest(
                    "This PaymentIntent (\(intentID)) does not have a successful charge to refund.",
                    param: "payment_intent",
                    code: "charge_not_refundable"
                )
            }
            chargeID = latest
        }
        guard let chargeID else {
            throw StripeError.invalidRequest(
                "One of the following params should be provided for this request: payment_intent or charge.",
                code: "parameter_missing"
            )
        }
        var charge = try await call.store.require(
            chargeID,
            account: call.account,
            object: "charge",
            param: "charge",
            forUpdate: true
        )
        let currency = charge["currency"]?.stringValue ?? "usd"
        guard charge["disputed"] != true else {
            throw StripeError.invalidRequest(
                "Charge \(chargeID) has been charged back; cannot issue a refund.",
                code: "charge_disputed"
            )
        }
        guard charge["status"] == "succeeded", charge["captured"] == true else {
            throw StripeError.invalidRequest(
                "Charge \(chargeID) has not been captured; cancel its PaymentIntent to release the funds.",
                param: "charge",
                code: "charge_not_refundable"
            )
        }
        let total = charge["amount"]?.intValue ?? 0
        let captured = charge["amount_captured"]?.intValue ?? 0
        let released = total - captured
        let refundedSoFar = (charge["amount_refunded"]?.intValue ?? 0) - released
        let remaining = captured - refundedSoFar
        guard remaining > 0 else {
            throw StripeError.invalidRequest(
                "Charge \(chargeID) has already been refunded.",
                code: "charge_already_refunded"
            )
        }
        let amount = params.int("amount") ?? remaining
        guard amount <= remaining else {
            throw StripeError.invalidRequest(
                "Refund amount (\(money(amount, currency))) is greater than unrefunded amount on charge (\(money(remaining, currency)))",
                param: "amount",
                code: "amount_too_large"
            )
        }
        let id = IDs.make("re")
        let transaction = try await call.ledger.record(
            account: call.account,
            amount: -amount,
            currency: currency,
            type: "refund",
            reportingCategory: "refund",
            source: id,
            description: "REFUND FOR CHARGE (\(charge["description"]?.stringValue ?? chargeID))"
        )
        var refund = Templates.make("refund")
        refund["amount"] = .int(amount)
        refund["balance_transaction"] = transaction["id"]
        refund["charge"] = .string(chargeID)
        refund["created"] = .int(call.now)
        refund["currency"] = .string(currency)
        refund["destination_details"] = ["card": ["type": "refund"], "type": "card"]
        refund["id"] = .string(id)
        params.applyMetadata(to: &refund)
        refund["payment_intent"] = charge["payment_intent"] ?? nil
        refund["reason"] = .string(params.string("reason"))
        refund["receipt_number"] = nil
        refund["source_transfer_reversal"] = nil
        refund["status"] = "succeeded"
        refund["transfer_reversal"] = nil
        refund["customer"] = charge["customer"] ?? nil
        refund["customer_account"] = nil
        refund["payment_method"] = charge["payment_method"] ?? nil
        if params.bool("refund_application_fee") == true {
            try await refundApplicationFee(
                call: call,
                charge: charge,
                amount: amount,
                total: captured,
                final: refundedSoFar + amount == captured
            )
        }
        if params.bool("reverse_transfer") == true {
            try await reverseTransfer(
                call: call,
                charge: charge,
                amount: amount,
                total: captured,
                final: refundedSoFar + amount == captured
            )
        }
        try await call.store.insert(refund, account: call.account)
        let previous: JSONObject = [
            "amount_refunded": charge["amount_refunded"] ?? 0, "refunded": charge["refunded"] ?? false,
        ]
        charge["amount_refunded"] = .int(released + refundedSoFar + amount)
        charge["refunded"] = .bool(refundedSoFar + amount == captured)
        var refunds = charge["refunds"]?.objectValue ?? [:]
        refunds["data"] = .array([.object(refund)] + (refunds["data"]?.arrayValue ?? []))
        charge["refunds"] = .object(refunds)
        try await call.store.update(charge, account: call.account)
        try await call.events.record(type: "charge.refunded", object: charge, account: call.account, previous: previous)
        try await call.events.record(type: "refund.created", object: refund, account: call.account)
        return refund
    }

    /// Gives the platform's application fee back to the connected account in proportion to the refund; the
    /// `final` refund of a charge gives back all that is left (no rounding remainder stays behind).
    static func refundApplicationFee(
        call: Call,
        charge: JSONObject,
        amount: Int64,
        total: Int64,
        final: Bool
    ) async throws {
        guard let feeID = charge["application_fee"]?.stringValue, !call.isPlatform,
            var fee = try await call.store.lock(feeID, account: call.platformAccount, object: "application_fee")
        else {
            return
        }
        let feeAmount = fee["amount"]?.intValue ?? 0
        let already = fee["amount_refunded"]?.intValue ?? 0
        let back = share(of: feeAmount, already: already, refund: amount, captured: total, final: final)
        guard back > 0 else { return }
        let currency = fee["currency"]?.stringValue ?? "usd"
        try await call.ledger.record(
            account: call.platformAccount,
            amount: -back,
            currency: currency,
            type: "application_fee_refund",
            reportingCategory: "platform_earning_refund",
            source: feeID
        )
        try await call.ledger.record(
            account: call.account,
            amount: back,
            currency: currency,
            type: "application_fee_refund",
            reportingCategory: "fee",
            source: feeID
        )
        fee["amount_refunded"] = .int(already + back)
        fee["refunded"] = .bool(already + back == feeAmount)
        try await call.store.update(fee, account: call.platformAccount)
    }

    /// Takes the destination's share of a refunded destination charge back to the platform, in proportion; the
    /// `final` refund of a charge reverses all that is left.
    static func reverseTransfer(
        call: Call,
        charge: JSONObject,
        amount: Int64,
        total: Int64,
        final: Bool
    ) async throws {
        guard call.isPlatform, let chargeID = charge["id"]?.stringValue else { return }
        let (found, _) = try await call.store.page(
            object: "transfer",
            account: call.account,
            filters: ["source_transaction": chargeID],
            page: PageRequest(limit: 1)
        )
        guard var transfer = found.first, let destination = transfer["destination"]?.stringValue else { return }
        let transferred = transfer["amount"]?.intValue ?? 0
        let already = transfer["amount_reversed"]?.intValue ?? 0
        let back = share(of: transferred, already: already, refund: amount, captured: total, final: final)
        guard back > 0 else { return }
        let currency = transfer["currency"]?.stringValue ?? "usd"
        let transferID = transfer["id"]?.stringValue
        try await call.ledger.record(
            account: destination,
            amount: -back,
            currency: currency,
            type: "payment_refund",
            reportingCategory: "refund",
            source: transfer["destination_payment"]?.stringValue
        )
        try await call.ledger.record(
            account: call.account,
            amount: back,
            currency: currency,
            type: "transfer_refund",
            reportingCategory: "transfer_reversal",
            source: transferID
        )
        transfer["amount_reversed"] = .int(already + back)
        transfer["reversed"] = .bool(already + back == transferred)
        try await call.store.update(transfer, account: call.account)
    }

    /// The part of `whole` (an application fee, a transfer) that a refund of `refund` out of `captured` gives
    /// back, of which `already` went back before: in proportion, and all that is left on the `final` refund.
    static func share(of whole: Int64, already: Int64, refund: Int64, captured: Int64, final: Bool) -> Int64 {
        let left = whole - already
        guard !final else { return left }
        return min(left, captured > 0 ? whole * refund / captured : 0)
    }

    /// `ron 50.00`.
    static func money(_ amount: Int64, _ currency: String) -> String {
        let cents = String(abs(amount) % 100)
        return "\(currency) \(amount < 0 ? "-" : "")\(abs(amount) / 100).\(cents.count < 2 ? "0" + cents : cents)"
    }
}
