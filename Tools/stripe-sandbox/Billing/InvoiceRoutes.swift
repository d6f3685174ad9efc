import StripeSandboxCore
import StripeSandboxPayments

/// `/v1/invoices`: retrieve, list, lines and `pay` (retrying an open subscription invoice).
enum InvoiceRoutes {
    static func register(_ routes: SandboxRoutes) {
        routes.get("/v1/invoices/{id}") { call in
            .object(try await call.pathObject("invoice"))
        }
        routes.get("/v1/invoices/{id}/lines", schema: .list()) { call in
            let invoice = try await call.pathObject("invoice")
            var lines = invoice["lines"]?.objectValue ?? JSONObject()
            let data = lines["data"]?.arrayValue ?? []
            let page = call.page
            var start = 0
            if let after = page.startingAfter, let index = data.firstIndex(where: { $0["id"]?.stringValue == after }) {
                start = index + 1
            }
            let slice = Array(data.dropFirst(start).prefix(page.limit))
            lines["data"] = .array(slice)
            lines["has_more"] = .bool(start + slice.count < data.count)
            return .object(lines)
        }
        routes.get(
            "/v1/invoices",
            schema: .list([
                Param("customer", .string(maxLength: 255)),
                Param("subscription", .string(maxLength: 255)),
                Param("status", .enumeration(["draft", "open", "paid", "uncollectible", "void"])),
                Param("collection_method", .enumeration(["charge_automatically", "send_invoice"])),
                Param("due_date", .range),
            ])
        ) { call in
            try await call.store.list(
                object: "invoice",
                account: call.account,
                filters: call.params.filters(["customer", "subscription", "status", "collection_method"]),
                page: call.page,
                url: "/v1/invoices"
            )
        }
        routes.post(
            "/v1/invoices/{id}/pay",
            schema: Schema([
                Param("payment_method", .string(maxLength: 255)),
                Param("off_session", .boolean),
                Param("forgive", .boolean),
                Param("paid_out_of_band", .boolean),
            ])
        ) { call in
            try await pay(call)
        }
    }

    private static func pay(_ call: Call) async throws -> JSON {
        var invoice = try await call.pathObject("invoice", forUpdate: true)
        switch invoice["status"]?.stringValue {
        case "paid"?:
            throw StripeError.invalidRequest("Invoice is already paid", code: "invoice_not_editable")
        case "void"?:
            throw StripeError.invalidRequest(
                "This invoice can no longer be paid because it has been voided.",
                code: "invoice_not_editable"
            )
        default: break
        }
        let at = try await SubscriptionEngine.clocked(call, testClock: invoice["test_clock"]?.stringValue)
        let customerID = invoice["customer"]?.stringValue ?? ""
        let customer = try await at.store.require(
            customerID,
            account: at.account,
            object: "customer",
            param: "customer"
        )
        var subscription: JSONObject?
        if let id = invoice["subscription"]?.stringValue {
            subscription = try await at.store.lock(id, account: at.account, object: "subscription")
        }
        if invoice["status"] == "draft" {
            try await InvoiceBuilder.finalize(&invoice, customer: customer, call: at)
            try await at.events.record(type: "invoice.finalized", object: invoice, account: at.account)
        }
        let payment: InvoicePayment
        if call.params.bool("paid_out_of_band") == true {
            invoice["amount_paid"] = 0
            invoice["amount_remaining"] = 0
            invoice["auto_advance"] = false
            invoice["status"] = "paid"
            var transitions = invoice["status_transitions"]?.objectValue ?? JSONObject()
            transitions["paid_at"] = .int(at.now)
            invoice["status_transitions"] = .object(transitions)
            payment = .paid
        } else {
            var method: String?
            if let given = call.params.string("payment_method") {
                method = try await SubscriptionRoutes.paymentMethod(
                    given,
                    customer: customerID,
                    call: at,
                    param: "payment_method"
                )
            } else if let subscription {
                method = SubscriptionEngine.paymentMethod(subscription, customer: customer)
            } else {
                method = customer["invoice_settings"]?["default_payment_method"]?.stringValue
            }
            guard method != nil || (invoice["amount_remaining"]?.intValue ?? 0) == 0 else {
                throw StripeError.invalidRequest(
                    "This customer has no attached payment source or default payment method.",
                    code: "resource_missing"
                )
            }
            payment = try await InvoiceBuilder.pay(
                &invoice,
                subscription: subscription ?? JSONObject(),
                paymentMethod: method,
                forceDecline: false,
                description: "Subscription update",
                call: at
            )
        }
        try await at.store.update(invoice, account: at.account)
        try await InvoiceBuilder.recordPayment(payment, invoice: invoice, call: at)
        if case .failed(let result) = payment {
            let extra = SubscriptionCreation.declineExtra(result)
            throw StripeError(
                status: 402,
                type: "card_error",
                code: result?.failureCode ?? "card_declined",
                message: result?.failureMessage ?? "Your card was declined.",
                extra: extra,
                commit: true
            )
        }
        if var subscription, subscription["latest_invoice"] == invoice["id"],
            let status = subscription["status"]?.stringValue, ["past_due", "incomplete", "unpaid"].contains(status)
        {
            let before = subscription
            subscription["status"] = "active"
            try await SubscriptionEngine.saveUpdated(subscription, before: before, call: at)
        }
        return .object(invoice)
    }
}
