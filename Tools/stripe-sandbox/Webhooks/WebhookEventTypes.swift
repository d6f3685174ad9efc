/// The event types a webhook endpoint may subscribe to (`enabled_events[]`): what the sandbox emits plus the
/// neighbouring types of Stripe's list for the same resources, so a configuration written for real Stripe is
/// accepted. `*` subscribes to every type.
package enum WebhookEventTypes {
    /// Every accepted type except `*`.
    package static let all: Set<String> = Set(
        [
            "account.updated", "account.application.authorized", "account.application.deauthorized",
            "account.external_account.created", "account.external_account.deleted",
            "account.external_account.updated",
            "application_fee.created", "application_fee.refunded", "application_fee.refund.updated",
            "balance.available",
            "charge.captured", "charge.expired", "charge.failed", "charge.pending", "charge.refunded",
            "charge.succeeded", "charge.updated", "charge.refund.updated",
            "charge.dispute.closed", "charge.dispute.created", "charge.dispute.funds_reinstated",
            "charge.dispute.funds_withdrawn", "charge.dispute.updated",
            "checkout.session.async_payment_failed", "checkout.session.async_payment_succeeded",
            "checkout.session.completed", "checkout.session.expired",
            "customer.created", "customer.deleted", "customer.updated",
            "customer.subscription.created", "customer.subscription.deleted", "customer.subscription.paused",
            "customer.subscription.pending_update_applied", "customer.subscription.pending_update_expired",
            "customer.subscription.resumed", "customer.subscription.trial_will_end", "customer.subscription.updated",
            "invoice.created", "invoice.deleted", "invoice.finalization_failed", "invoice.finalized",
            "invoice.marked_uncollectible", "invoice.overdue", "invoice.paid", "invoice.payment_action_required",
            "invoice.payment_failed", "invoice.payment_succeeded", "invoice.sent", "invoice.upcoming",
            "invoice.updated", "invoice.voided", "invoice.will_be_due", "invoice_payment.paid",
            "invoiceitem.created", "invoiceitem.deleted",
            "payment_intent.amount_capturable_updated", "payment_intent.canceled", "payment_intent.created",
            "payment_intent.partially_funded", "payment_intent.payment_failed", "payment_intent.processing",
            "payment_intent.requires_action", "payment_intent.succeeded",
            "payment_method.attached", "payment_method.automatically_updated", "payment_method.detached",
            "payment_method.updated",
            "payout.canceled", "payout.created", "payout.failed", "payout.paid", "payout.reconciliation_completed",
            "payout.updated",
            "plan.created", "plan.deleted", "plan.updated",
            "price.created", "price.deleted", "price.updated",
            "product.created", "product.deleted", "product.updated",
            "refund.created", "refund.failed", "refund.updated",
            "setup_intent.canceled", "setup_intent.created", "setup_intent.requires_action",
            "setup_intent.setup_failed", "setup_intent.succeeded",
            "test_helpers.test_clock.advancing", "test_helpers.test_clock.created",
            "test_helpers.test_clock.deleted", "test_helpers.test_clock.internal_failure",
            "test_helpers.test_clock.ready",
            "transfer.created", "transfer.reversed", "transfer.updated",
        ]
    )

    /// Whether `type` may appear in `enabled_events[]` (`*` or a known type).
    package static func isAccepted(_ type: String) -> Bool { type == "*" || all.contains(type) }
}
