import Postgres
import StripeSandboxCore

/// The life of subscriptions (`sub_…`): items and periods, billing a period through an invoice, and the
/// renewals that come due as a clock moves.
enum SubscriptionEngine {
    /// Statuses whose periods renew.
    static let renewingStatuses: Set<String> = ["active", "trialing", "past_due"]
    /// How long an `incomplete` subscription waits for its first payment before it expires (23 hours).
    static let incompleteLifetime: Int64 = 23 * 3600
    /// How long before a trial ends `customer.subscription.trial_will_end` is sent (3 days).
    static let trialWarning: Int64 = 3 * 86_400
    /// The most periods one subscription renews in one run.
    static let maxPeriodsPerRun = 100

    // MARK: - Items and periods

    static func items(_ subscription: JSONObject) -> [JSONObject] {
        (subscription["items"]?["data"]?.arrayValue ?? []).compactMap(\.objectValue)
    }

    static func setItems(_ items: [JSONObject], of subscription: inout JSONObject) {
        let id = subscription["id"]?.stringValue ?? ""
        subscription["items"] = [
            "object": "list", "data": .array(items.map(JSON.object)), "has_more": false,
            "url": .string("/v1/subscription_items?subscription=\(id)"),
        ]
    }

    /// The current period's end (every item shares the subscription's period).
    static func periodEnd(_ subscription: JSONObject) -> Int64? {
        items(subscription).first?["current_period_end"]?.intValue
    }

    static func periodStart(_ subscription: JSONObject) -> Int64? {
        items(subscription).first?["current_period_start"]?.intValue
    }

    static func setPeriod(_ subscription: inout JSONObject, start: Int64, end: Int64) {
        let updated = items(subscription).map { item in
            var item = item
            item["current_period_end"] = .int(end)
            item["current_period_start"] = .int(start)
            return item
        }
        setItems(updated, of: &subscription)
    }

    /// A subscription item for `price` (stored inside the subscription).
    static func item(
        price: JSONObject,
        quantity: Int64,
        metadata: JSONObject,
        subscription: String,
        call: Call
    )
        -> JSONObject
    {
        var item = Templates.make("subscription_item")
        item["created"] = .int(call.now)
        item["discounts"] = []
        item["id"] = .string(IDs.make("si", length: 14))
        item["metadata"] = .object(metadata)
        item["price"] = .object(price)
        item["quantity"] = .int(quantity)
        item["subscription"] = .string(subscription)
        item["tax_rates"] = []
        item["plan"] = .object(PriceRules.plan(from: price))
        item["current_period_end"] = nil
        item["current_period_start"] = nil
        item["billing_thresholds"] = nil
        return item
    }

    /// The interval and interval count of the subscription's prices.
    static func interval(_ subscription: JSONObject) -> (String, Int64) {
        let recurring = items(subscription).first?["price"]?["recurring"]
        return (recurring?["interval"]?.stringValue ?? "month", recurring?["interval_count"]?.intValue ?? 1)
    }

    /// The period after one ending at `end`, on the subscription's billing cycle anchor.
    static func nextPeriodEnd(_ subscription: JSONObject, after end: Int64) -> Int64 {
        let (interval, count) = interval(subscription)
        let anchor = subscription["billing_cycle_anchor"]?.intValue ?? end
        return BillingPeriods.next(after: end, anchor: anchor, interval: interval, count: count)
    }

    /// The payment method invoices use: the subscription's default, else the customer's
    /// `invoice_settings.default_payment_method`.
    static func paymentMethod(_ subscription: JSONObject, customer: JSONObject) -> String? {
        subscription["default_payment_method"]?.stringValue
            ?? customer["invoice_settings"]?["default_payment_method"]?.stringValue
    }

    /// The call at the time the subscription lives on: its test clock's frozen time, or the call's.
    static func clocked(_ call: Call, testClock: String?) async throws -> Call {
        guard let testClock,
            let clock = try await call.store.find(testClock, account: call.account, object: TestClockRoutes.object),
            let frozen = clock["frozen_time"]?.intValue
        else { return call }
        return call.at(frozen)
    }

    // MARK: - Billing

    /// Bills `lines` on a new invoice: stores the draft (`invoice.created`), finalizes it
    /// (`invoice.finalized`) and, unless `attempt` is false, pays it off-session; records the payment events.
    /// Sets the subscription's `latest_invoice`.
    static func bill(
        _ subscription: inout JSONObject,
        customer: JSONObject,
        reason: String,
        lines: [InvoiceLine],
        periodStart: Int64,
        periodEnd: Int64,
        attempt: Bool,
        forceDecline: Bool,
        call: Call
    ) async throws -> (invoice: JSONObject, payment: InvoicePayment) {
        var invoice = try await InvoiceBuilder.draft(
            call: call,
            subscription: subscription,
            customer: customer,
            reason: reason,
            lines: lines,
            periodStart: periodStart,
            periodEnd: periodEnd
        )
        try await call.store.insert(invoice, account: call.account)
        try await call.events.record(type: "invoice.created", object: invoice, account: call.account)
        try await InvoiceBuilder.finalize(&invoice, customer: customer, call: call)
        try await call.events.record(type: "invoice.finalized", object: invoice, account: call.account)
        subscription["latest_invoice"] = invoice["id"]
        var payment = InvoicePayment.notAttempted
        let amount = invoice["amount_due"]?.intValue ?? 0
        if attempt || amount == 0 {
            payment = try await InvoiceBuilder.pay(
                &invoice,
                subscription: subscription,
                paymentMethod: paymentMethod(subscription, customer: customer),
                forceDecline: forceDecline,
                description: reason == "subscription_create" ? "Subscription creation" : "Subscription update",
                call: call
            )
        }
        try await call.store.update(invoice, account: call.account)
        try await InvoiceBuilder.recordPayment(payment, invoice: invoice, call: call)
        return (invoice, payment)
    }

    // MARK: - Renewals

    /// Due work: renews every subscription of `scope` whose period has ended by `call.now` (the sandbox's
    /// subscriptions not on a test clock, or one clock's), cancels those set to cancel at the period end, and
    /// expires `incomplete` ones after 23 hours.
    static func runDue(_ call: Call, scope: DueScope) async throws {
        let clock: String?
        switch scope {
        case .sandbox: clock = nil
        case .testClock(let id, _): clock = id
        }
        let expiredBefore = call.now - incompleteLifetime
        let warnBefore = call.now + trialWarning
        for _ in 0..<10 {
            let rows = try await call.connection.query(
                """
                SELECT account, id FROM stripe_sandbox.objects o
                WHERE object = 'subscription'
                  AND ((\(clock)::text IS NULL AND data->>'test_clock' IS NULL) OR data->>'test_clock' = \(clock))
                  AND ((data->>'status' IN ('active', 'trialing', 'past_due')
                        AND (data->'items'->'data'->0->>'current_period_end')::bigint <= \(call.now))
                    OR (data->>'status' = 'incomplete' AND (data->>'created')::bigint <= \(expiredBefore))
                    OR (data->>'status' = 'trialing' AND (data->>'trial_end')::bigint <= \(warnBefore)
                        AND NOT EXISTS (
                          SELECT 1 FROM stripe_sandbox.objects f
                          WHERE f.id = 'sbflags_' || o.id AND f.account = o.account
                            AND f.data->>'trial_will_end_sent' = 'true')))
                ORDER BY seq
                LIMIT 200
                """
            )
            var due: [(String, String)] = []
            for row in rows { due.append(try row.decode((String, String).self)) }
            if due.isEmpty { return }
            var progressed = false
            for (account, id) in due {
                let acting = call.acting(as: account)
                guard var subscription = try await acting.store.lock(id, account: account, object: "subscription")
                else { continue }
                if try await renew(&subscription, call: acting) { progressed = true }
            }
            if !progressed { return }
        }
    }

    /// Brings one (locked) subscription up to `call.now`; returns whether it changed.
    static func renew(_ subscription: inout JSONObject, call: Call) async throws -> Bool {
        let id = subscription["id"]?.stringValue ?? ""
        if subscription["status"] == "incomplete" {
            let created = subscription["created"]?.intValue ?? call.now
            guard created + incompleteLifetime <= call.now else { return false }
            try await expire(&subscription, at: created + incompleteLifetime, call: call)
            return true
        }
        var changed = false
        if subscription["status"] == "trialing", let trialEnd = subscription["trial_end"]?.intValue,
            trialEnd - trialWarning <= call.now,
            try await !SubscriptionFlags.isSet("trial_will_end_sent", subscription: id, call: call)
        {
            let at = call.at(max(trialEnd - trialWarning, subscription["created"]?.intValue ?? 0))
            try await SubscriptionFlags.set("trial_will_end_sent", true, subscription: id, call: at)
            try await at.events.record(
                type: "customer.subscription.trial_will_end",
                object: subscription,
                account: at.account
            )
            changed = true
        }
        for _ in 0..<maxPeriodsPerRun {
            guard let status = subscription["status"]?.stringValue, renewingStatuses.contains(status),
                let end = periodEnd(subscription), end <= call.now
            else { break }
            let at = call.at(end)
            changed = true
            let customerID = subscription["customer"]?.stringValue ?? ""
            guard let customer = try await at.store.find(customerID, account: at.account, object: "customer") else {
                // The customer is gone: Stripe cancels its subscriptions.
                try await cancel(&subscription, at: end, reason: "cancellation_requested", call: at)
                break
            }
            if subscription["cancel_at_period_end"] == true {
                try await cancel(&subscription, at: end, reason: "cancellation_requested", call: at)
                break
            }
            let before = subscription
            let newEnd = nextPeriodEnd(subscription, after: end)
            let oldStart = periodStart(subscription) ?? end
            setPeriod(&subscription, start: end, end: newEnd)
            let forceDecline = try await SubscriptionFlags.failNextRenewal(id, call: at)
            if forceDecline { try await SubscriptionFlags.setFailNextRenewal(false, subscription: id, call: at) }
            let lines = try await InvoiceBuilder.lines(
                items: items(subscription),
                start: end,
                end: newEnd,
                trial: false,
                call: at
            )
            let (_, payment) = try await bill(
                &subscription,
                customer: customer,
                reason: "subscription_cycle",
                lines: lines,
                periodStart: oldStart,
                periodEnd: end,
                attempt: true,
                forceDecline: forceDecline,
                call: at
            )
            switch payment {
            case .paid: subscription["status"] = "active"
            case .failed, .notAttempted: subscription["status"] = "past_due"
            }
            try await saveUpdated(subscription, before: before, call: at)
        }
        return changed
    }

    /// Stores `subscription` and records `customer.subscription.updated` with what changed since `before`.
    static func saveUpdated(_ subscription: JSONObject, before: JSONObject, call: Call) async throws {
        try await CatalogRoutes.saveUpdated(
            subscription,
            before: before,
            event: "customer.subscription.updated",
            call: call
        )
    }

    /// Cancels the subscription at `time` (stores it, records `customer.subscription.deleted`).
    static func cancel(_ subscription: inout JSONObject, at time: Int64, reason: String, call: Call) async throws {
        subscription["status"] = "canceled"
        if subscription["canceled_at"]?.intValue == nil { subscription["canceled_at"] = .int(time) }
        subscription["ended_at"] = .int(time)
        var details = subscription["cancellation_details"]?.objectValue ?? JSONObject()
        details["reason"] = .string(reason)
        subscription["cancellation_details"] = .object(details)
        try await call.store.update(subscription, account: call.account)
        try await SubscriptionFlags.setFailNextRenewal(
            false,
            subscription: subscription["id"]?.stringValue ?? "",
            call: call
        )
        try await call.events.record(type: "customer.subscription.deleted", object: subscription, account: call.account)
    }

    /// An `incomplete` subscription whose first invoice was never paid: `incomplete_expired`, its open
    /// invoice voided.
    private static func expire(_ subscription: inout JSONObject, at time: Int64, call: Call) async throws {
        let at = call.at(time)
        let before = subscription
        if let invoiceID = subscription["latest_invoice"]?.stringValue,
            var invoice = try await at.store.lock(invoiceID, account: at.account, object: "invoice"),
            invoice["status"] == "open"
        {
            invoice["status"] = "void"
            invoice["amount_remaining"] = 0
            invoice["auto_advance"] = false
            var transitions = invoice["status_transitions"]?.objectValue ?? JSONObject()
            transitions["voided_at"] = .int(time)
            invoice["status_transitions"] = .object(transitions)
            try await at.store.update(invoice, account: at.account)
            try await at.events.record(type: "invoice.voided", object: invoice, account: at.account)
        }
        subscription["status"] = "incomplete_expired"
        subscription["ended_at"] = .int(time)
        try await saveUpdated(subscription, before: before, call: at)
    }
}
