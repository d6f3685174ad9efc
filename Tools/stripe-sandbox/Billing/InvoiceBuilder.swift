import Postgres
import StripeSandboxCore
import StripeSandboxPayments

/// One line of a subscription invoice.
struct InvoiceLine {
    var item: JSONObject
    var amount: Int64
    var description: String
    var periodStart: Int64
    var periodEnd: Int64
}

/// How an invoice payment attempt ended.
enum InvoicePayment {
    /// Paid (or nothing to pay).
    case paid
    /// Declined, or no payment method; the result when a charge was attempted.
    case failed(OffSessionResult?)
    /// Not attempted (`default_incomplete`).
    case notAttempted
}

/// Subscription invoices (`in_…`): built as drafts, finalized, and paid off-session through
/// ``PaymentEngine``; `call.now` is the invoice's time (a test clock's for clock customers).
enum InvoiceBuilder {
    /// A draft invoice of `subscription` for `lines` (not stored).
    static func draft(
        call: Call,
        subscription: JSONObject,
        customer: JSONObject,
        reason: String,
        lines: [InvoiceLine],
        periodStart: Int64,
        periodEnd: Int64
    ) async throws -> JSONObject {
        var invoice = Templates.make("invoice")
        let id = IDs.make("in")
        let currency = subscription["currency"]?.stringValue ?? "usd"
        let subscriptionID = subscription["id"]?.stringValue
        // Each line saturates instead of overflowing; a total Stripe could not charge is refused.
        let total = try PriceRules.checkedTotal(
            lines.reduce(Int64(0)) { sum, line in
                let (next, overflow) = sum.addingReportingOverflow(line.amount)
                return overflow ? .max : next
            }
        )
        invoice["account_country"] = .string(try await accountCountry(call))
        invoice["account_name"] = nil
        invoice["account_tax_ids"] = nil
        invoice["amount_due"] = .int(total)
        invoice["amount_paid"] = 0
        invoice["amount_remaining"] = .int(total)
        invoice["amount_shipping"] = 0
        invoice["application"] = nil
        invoice["attempt_count"] = 0
        invoice["attempted"] = false
        invoice["auto_advance"] = true
        invoice["automatic_tax"] = [
            "enabled": false, "liability": nil, "status": nil, "disabled_reason": nil, "provider": nil,
        ]
        invoice["billing_reason"] = .string(reason)
        invoice["collection_method"] = "charge_automatically"
        invoice["created"] = .int(call.now)
        invoice["currency"] = .string(currency)
        invoice["custom_fields"] = nil
        invoice["customer"] = customer["id"]
        invoice["customer_address"] = Self.nonEmpty(customer["address"])
        invoice["customer_email"] = customer["email"]
        invoice["customer_name"] = customer["name"]
        invoice["customer_phone"] = customer["phone"]
        invoice["customer_shipping"] = Self.nonEmpty(customer["shipping"])
        invoice["customer_tax_exempt"] = customer["tax_exempt"] ?? "none"
        invoice["customer_tax_ids"] = []
        invoice["default_payment_method"] = nil
        invoice["default_source"] = nil
        invoice["default_tax_rates"] = []
        invoice["description"] = nil
        invoice["discounts"] = []
        invoice["due_date"] = nil
        invoice["effective_at"] = nil
        invoice["ending_balance"] = nil
        invoice["footer"] = nil
        invoice["from_invoice"] = nil
        invoice["hosted_invoice_url"] = nil
        invoice["id"] = .string(id)
        invoice["invoice_pdf"] = nil
        invoice["issuer"] = ["type": "self"]
        invoice["last_finalization_error"] = nil
        invoice["latest_revision"] = nil
        invoice["lines"] = [
            "object": "list",
            "data": .array(
                lines.map { .object(line($0, invoice: id, currency: currency, subscription: subscriptionID)) }
            ),
            "has_more": false, "url": .string("/v1/invoices/\(id)/lines"),
        ]
        invoice["next_payment_attempt"] = nil
        invoice["number"] = nil
        invoice["on_behalf_of"] = nil
        invoice["payment_settings"] = [
            "default_mandate": nil, "payment_method_options": nil, "payment_method_types": nil,
        ]
        invoice["period_end"] = .int(periodEnd)
        invoice["period_start"] = .int(periodStart)
        invoice["post_payment_credit_notes_amount"] = 0
        invoice["pre_payment_credit_notes_amount"] = 0
        invoice["receipt_number"] = nil
        invoice["rendering"] = [
            "amount_tax_display": nil, "pdf": ["page_size": "auto"], "template": nil, "template_version": nil,
        ]
        invoice["shipping_cost"] = nil
        invoice["shipping_details"] = nil
        invoice["starting_balance"] = 0
        invoice["statement_descriptor"] = nil
        invoice["status"] = "draft"
        invoice["status_transitions"] = [
            "finalized_at": nil, "marked_uncollectible_at": nil, "paid_at": nil, "voided_at": nil,
        ]
        invoice["subscription"] = .string(subscriptionID)
        invoice["subtotal"] = .int(total)
        invoice["subtotal_excluding_tax"] = .int(total)
        invoice["test_clock"] = subscription["test_clock"]
        invoice["total"] = .int(total)
        invoice["total_discount_amounts"] = []
        invoice["total_excluding_tax"] = .int(total)
        invoice["webhooks_delivered_at"] = .int(call.now)
        invoice["automatically_finalizes_at"] = nil
        invoice["total_pretax_credit_amounts"] = []
        invoice["total_taxes"] = []
        invoice["amount_overpaid"] = 0
        invoice["parent"] = [
            "quote_details": nil,
            "subscription_details": [
                "metadata": subscription["metadata"] ?? [:], "subscription": .string(subscriptionID),
            ],
            "type": "subscription_details",
        ]
        invoice["customer_account"] = nil
        return invoice
    }

    private static func line(
        _ line: InvoiceLine,
        invoice: String,
        currency: String,
        subscription: String?
    ) -> JSONObject {
        var object = Templates.make("line_item")
        let quantity = line.item["quantity"]?.intValue ?? 1
        object["amount"] = .int(line.amount)
        object["currency"] = .string(currency)
        object["description"] = .string(line.description)
        object["discount_amounts"] = []
        object["discountable"] = true
        object["discounts"] = []
        object["id"] = .string(IDs.make("il"))
        object["invoice"] = .string(invoice)
        object["metadata"] = line.item["metadata"] ?? [:]
        object["period"] = ["end": .int(line.periodEnd), "start": .int(line.periodStart)]
        object["quantity"] = .int(quantity)
        object["subscription"] = .string(subscription)
        object["pretax_credit_amounts"] = []
        object["taxes"] = []
        object["parent"] = [
            "invoice_item_details": nil,
            "subscription_item_details": [
                "invoice_item": nil, "proration": false, "proration_details": ["credited_items": nil],
                "subscription": .string(subscription), "subscription_item": line.item["id"] ?? .null,
            ],
            "type": "subscription_item_details",
        ]
        object["pricing"] = [
            "type": "price_details", "unit_amount_decimal": line.item["price"]?["unit_amount_decimal"] ?? .null,
        ]
        object["subtotal"] = .int(line.amount)
        object["quantity_decimal"] = .string(String(quantity))
        return object
    }

    /// The lines billing `items` for the period `[start, end)`: `1 × Gold (at $20.00 / month)`, or the
    /// 0-amount trial lines.
    static func lines(
        items: [JSONObject],
        start: Int64,
        end: Int64,
        trial: Bool,
        call: Call
    ) async throws
        -> [InvoiceLine]
    {
        var lines: [InvoiceLine] = []
        for item in items {
            let price = item["price"]?.objectValue ?? JSONObject()
            let quantity = item["quantity"]?.intValue ?? 1
            let productID = price["product"]?.stringValue ?? ""
            let product = try await call.store.find(productID, account: call.account, object: "product")
            let name = product?["name"]?.stringValue ?? productID
            let currency = price["currency"]?.stringValue ?? "usd"
            // A price × quantity Stripe could not charge is refused up front, trial or not, so a renewal
            // can never meet it later.
            _ = try PriceRules.checkedTotal(PriceRules.amount(of: price, quantity: quantity))
            if trial {
                lines.append(
                    InvoiceLine(
                        item: item,
                        amount: 0,
                        description: "Trial period for \(name)",
                        periodStart: start,
                        periodEnd: end
                    )
                )
            } else {
                let unit = PriceRules.amount(of: price, quantity: 1)
                let description =
                    "\(quantity) × \(name) (at \(PriceRules.format(unit, currency: currency)) / "
                    + "\(PriceRules.intervalText(price)))"
                lines.append(
                    InvoiceLine(
                        item: item,
                        amount: PriceRules.amount(of: price, quantity: quantity),
                        description: description,
                        periodStart: start,
                        periodEnd: end
                    )
                )
            }
        }
        return lines
    }

    /// Finalizes a draft: `open`, numbered, `finalized_at` set.
    static func finalize(_ invoice: inout JSONObject, customer: JSONObject, call: Call) async throws {
        invoice["status"] = "open"
        invoice["effective_at"] = .int(call.now)
        invoice["ending_balance"] = 0
        invoice["number"] = .string(try await number(for: customer, call: call))
        var transitions = invoice["status_transitions"]?.objectValue ?? JSONObject()
        transitions["finalized_at"] = .int(call.now)
        invoice["status_transitions"] = .object(transitions)
    }

    /// Attempts to pay an open invoice off-session with `paymentMethod`; updates the invoice (stored by the
    /// caller) and records the payment events.
    static func pay(
        _ invoice: inout JSONObject,
        subscription: JSONObject,
        paymentMethod: String?,
        forceDecline: Bool,
        description: String,
        call: Call
    ) async throws -> InvoicePayment {
        let amount = invoice["amount_remaining"]?.intValue ?? 0
        guard amount > 0 else {
            markPaid(&invoice, call: call)
            return .paid
        }
        invoice["attempted"] = true
        invoice["attempt_count"] = .int((invoice["attempt_count"]?.intValue ?? 0) + 1)
        guard let paymentMethod else { return .failed(nil) }
        var fee: Int64?
        if call.account != call.platformAccount, let percent = Self.decimal(subscription["application_fee_percent"]) {
            fee = Int64((Double(amount) * percent / 100).rounded())
        }
        let result = try await PaymentEngine.chargeOffSession(
            call: call,
            amount: amount,
            currency: invoice["currency"]?.stringValue ?? "usd",
            customer: invoice["customer"]?.stringValue ?? "",
            paymentMethod: paymentMethod,
            description: description,
            metadata: JSONObject(),
            applicationFeeAmount: fee,
            forceDecline: forceDecline
        )
        guard result.succeeded else { return .failed(result) }
        markPaid(&invoice, call: call)
        return .paid
    }

    private static func markPaid(_ invoice: inout JSONObject, call: Call) {
        invoice["amount_paid"] = .int(
            (invoice["amount_paid"]?.intValue ?? 0) + (invoice["amount_remaining"]?.intValue ?? 0)
        )
        invoice["amount_remaining"] = 0
        invoice["auto_advance"] = false
        invoice["next_payment_attempt"] = nil
        invoice["status"] = "paid"
        var transitions = invoice["status_transitions"]?.objectValue ?? JSONObject()
        transitions["paid_at"] = .int(call.now)
        invoice["status_transitions"] = .object(transitions)
    }

    /// Records the events of a payment outcome (`invoice.paid` + `invoice.payment_succeeded`, or
    /// `invoice.payment_failed`).
    static func recordPayment(_ outcome: InvoicePayment, invoice: JSONObject, call: Call) async throws {
        switch outcome {
        case .paid:
            try await call.events.record(type: "invoice.paid", object: invoice, account: call.account)
            try await call.events.record(type: "invoice.payment_succeeded", object: invoice, account: call.account)
        case .failed:
            try await call.events.record(type: "invoice.payment_failed", object: invoice, account: call.account)
        case .notAttempted:
            break
        }
    }

    /// `<customer invoice_prefix>-0001`: the customer's next invoice number.
    private static func number(for customer: JSONObject, call: Call) async throws -> String {
        let customerID = customer["id"]?.stringValue ?? ""
        let prefix =
            customer["invoice_prefix"]?.stringValue
            ?? String(customerID.dropFirst(4).prefix(8)).uppercased()
        let rows = try await call.connection.query(
            """
            SELECT count(*)::bigint FROM stripe_sandbox.objects
            WHERE account = \(call.account) AND object = 'invoice' AND data->>'customer' = \(customerID)
              AND data->>'number' IS NOT NULL
            """
        )
        let count: Int64 = try rows.first?.decode(Int64.self) ?? 0
        let sequence = String(count + 1)
        return "\(prefix)-\(String(repeating: "0", count: max(0, 4 - sequence.count)))\(sequence)"
    }

    /// The country of the account the invoice is issued by.
    private static func accountCountry(_ call: Call) async throws -> String {
        let account = try await call.store.find(call.account, account: call.platformAccount, object: "account")
        return account?["country"]?.stringValue ?? "RO"
    }

    private static func nonEmpty(_ value: JSON?) -> JSON {
        guard let value, let object = value.objectValue else { return value ?? .null }
        return object.count == 0 ? .null : value
    }
}

extension InvoiceBuilder {
    /// A JSON number as a `Double` (`application_fee_percent`).
    static func decimal(_ value: JSON?) -> Double? {
        switch value {
        case .double(let number)?: number
        case .int(let number)?: Double(number)
        default: nil
        }
    }
}
