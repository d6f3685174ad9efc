import StripeSandboxCore

/// Disputes (`dp_…`): opened by Stripe's dispute test cards, answered with evidence, closed won or lost.
///
/// Money: at creation the disputed amount is withdrawn with a 15.00 dispute fee (one balance transaction,
/// `type` `adjustment`, `reporting_category` `dispute`, fee line `stripe_fee` "Dispute fee"); a won dispute
/// reinstates the disputed amount (`dispute_reversal`, no fee line: the dispute fee is kept, as Stripe does
/// for most accounts); a lost one moves no more money.
enum Disputes {
    /// The evidence fields (all strings).
    static let evidenceFields: [String] = [
        "access_activity_log", "billing_address", "cancellation_policy", "cancellation_policy_disclosure",
        "cancellation_rebuttal", "customer_communication", "customer_email_address", "customer_name",
        "customer_purchase_ip", "customer_signature", "duplicate_charge_documentation",
        "duplicate_charge_explanation", "duplicate_charge_id", "product_description", "receipt", "refund_policy",
        "refund_policy_disclosure", "refund_refusal_explanation", "service_date", "service_documentation",
        "shipping_address", "shipping_carrier", "shipping_date", "shipping_documentation",
        "shipping_tracking_number", "uncategorized_file", "uncategorized_text",
    ]

    static let openStatuses: Set<String> = [
        "needs_response", "under_review", "warning_needs_response", "warning_under_review",
    ]

    /// Opens a dispute on the (stored or about to be stored) `charge` of `call.account`; sets
    /// `charge.disputed` and stores the charge.
    static func open(call: Call, charge: inout JSONObject, reason: String) async throws {
        // What the buyer actually paid and kept: captured, minus refunds (`amount_refunded` also counts the
        // uncaptured part of a partial capture).
        let amount = max(0, (charge["amount"]?.intValue ?? 0) - (charge["amount_refunded"]?.intValue ?? 0))
        let currency = charge["currency"]?.stringValue ?? "usd"
        let chargeID = charge["id"]?.stringValue ?? ""
        let id = IDs.make("dp")
        let withdrawal = try await call.ledger.record(
            account: call.account,
            amount: -amount,
            currency: currency,
            fees: [(Payments.disputeFee, "stripe_fee", "Dispute fee")],
            type: "adjustment",
            reportingCategory: "dispute",
            source: id,
            description: "Chargeback withdrawal for \(chargeID)"
        )
        var dispute = Templates.make("dispute")
        dispute["amount"] = .int(amount)
        dispute["balance_transactions"] = [.object(withdrawal)]
        dispute["charge"] = .string(chargeID)
        dispute["created"] = .int(call.now)
        dispute["currency"] = .string(currency)
        var evidence = dispute["evidence"]?.objectValue ?? [:]
        evidence["enhanced_evidence"] = [:]
        dispute["evidence"] = .object(evidence)
        dispute["evidence_details"] = [
            "due_by": .int(call.now + 7 * 86_400), "has_evidence": false, "past_due": false,
            "submission_count": 0, "enhanced_eligibility": [:],
        ]
        dispute["id"] = .string(id)
        dispute["is_charge_refundable"] = false
        dispute["payment_intent"] = charge["payment_intent"] ?? nil
        let card = charge["payment_method_details"]?["card"]
        dispute["payment_method_details"] = [
            "card": [
                "brand": card?["brand"] ?? nil, "case_type": "chargeback",
                "network_reason_code": .string(reason == "fraudulent" ? "10.4" : "13.1"),
                "network": card?["network"] ?? nil,
            ],
            "type": "card",
        ]
        dispute["reason"] = .string(reason)
        dispute["status"] = "needs_response"
        dispute["enhanced_eligibility_types"] = []
        try await call.store.insert(dispute, account: call.account)
        charge["disputed"] = true
        try await call.store.update(charge, account: call.account)
        try await call.events.record(type: "charge.dispute.created", object: dispute, account: call.account)
        try await call.events.record(type: "charge.dispute.funds_withdrawn", object: dispute, account: call.account)
    }

    static func register(_ routes: SandboxRoutes) {
        routes.get("/v1/disputes/{id}") { call in
            .object(try await call.pathObject("dispute"))
        }
        routes.get(
            "/v1/disputes",
            schema: .list([Param("charge", .string(maxLength: 255)), Param("payment_intent", .string(maxLength: 255))])
        ) { call in
            try await call.store.list(
                object: "dispute",
                account: call.account,
                filters: call.params.filters(["charge", "payment_intent"]),
                page: call.page,
                url: "/v1/disputes"
            )
        }
        routes.post(
            "/v1/disputes/{id}",
            schema: Schema([
                Param("evidence", .object(evidenceFields.map { Param($0, .string(maxLength: 20_000)) })),
                Param("metadata", .metadata),
                Param("submit", .boolean),
            ])
        ) { call in
            var dispute = try await call.pathObject("dispute", forUpdate: true)
            let status = dispute["status"]?.stringValue ?? ""
            guard openStatuses.contains(status) else {
                throw StripeError.invalidRequest(
                    "This dispute is already closed. You can only update open disputes (status \(status))."
                )
            }
            let before = dispute
            if let evidence = call.params.object("evidence") {
                var stored = dispute["evidence"]?.objectValue ?? [:]
                for field in evidenceFields where evidence.has(field) {
                    stored[field] = .string(evidence.string(field))
                }
                dispute["evidence"] = .object(stored)
                var details = dispute["evidence_details"]?.objectValue ?? [:]
                details["has_evidence"] = .bool(evidenceFields.contains { !(stored[$0]?.isNull ?? true) })
                dispute["evidence_details"] = .object(details)
            }
            call.params.applyMetadata(to: &dispute)
            if call.params.bool("submit") == true {
                var details = dispute["evidence_details"]?.objectValue ?? [:]
                details["submission_count"] = .int((details["submission_count"]?.intValue ?? 0) + 1)
                details["has_evidence"] = true
                dispute["evidence_details"] = .object(details)
                dispute["status"] = status.hasPrefix("warning_") ? "warning_under_review" : "under_review"
            }
            try await call.store.update(dispute, account: call.account)
            try await call.events.record(
                type: "charge.dispute.updated",
                object: dispute,
                account: call.account,
                previous: EventRecorder.changes(from: before, to: dispute)
            )
            return .object(dispute)
        }
        routes.post("/v1/disputes/{id}/close") { call in
            .object(try await close(call: call, id: call.path("id"), won: false))
        }
        routes.post(
            "/v1/test_helpers/disputes/{id}/close",
            schema: Schema([Param("outcome", .enumeration(["won", "lost"]), required: true)])
        ) { call in
            .object(try await close(call: call, id: call.path("id"), won: call.params.string("outcome") == "won"))
        }
    }

    /// Closes an open dispute as won (funds reinstated) or lost.
    static func close(call: Call, id: String, won: Bool) async throws -> JSONObject {
        var dispute = try await call.store.require(id, account: call.account, object: "dispute", forUpdate: true)
        let status = dispute["status"]?.stringValue ?? ""
        guard openStatuses.contains(status) else {
            throw StripeError.invalidRequest(
                "This dispute is already closed (status \(status)).",
                param: "id"
            )
        }
        let before = dispute
        if won {
            let amount = dispute["amount"]?.intValue ?? 0
            let reinstated = try await call.ledger.record(
                account: call.account,
                amount: amount,
                currency: dispute["currency"]?.stringValue ?? "usd",
                type: "adjustment",
                reportingCategory: "dispute_reversal",
                source: id,
                description: "Chargeback reversal for \(dispute["charge"]?.stringValue ?? "")"
            )
            dispute["balance_transactions"] = .array(
                (dispute["balance_transactions"]?.arrayValue ?? []) + [.object(reinstated)]
            )
            dispute["status"] = status.hasPrefix("warning_") ? "warning_closed" : "won"
        } else {
            dispute["status"] = status.hasPrefix("warning_") ? "warning_closed" : "lost"
        }
        var details = dispute["evidence_details"]?.objectValue ?? [:]
        details["past_due"] = false
        dispute["evidence_details"] = .object(details)
        try await call.store.update(dispute, account: call.account)
        let previous = EventRecorder.changes(from: before, to: dispute)
        try await call.events.record(
            type: "charge.dispute.updated",
            object: dispute,
            account: call.account,
            previous: previous
        )
        if won {
            try await call.events.record(
                type: "charge.dispute.funds_reinstated",
                object: dispute,
                account: call.account
            )
        }
        try await call.events.record(
            type: "charge.dispute.closed",
            object: dispute,
            account: call.account,
            previous: previous
        )
        return dispute
    }
}
