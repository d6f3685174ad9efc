package import StripeSandboxCore

/// The Payments resources of the sandbox: payment intents, charges, refunds, disputes, balance
/// transactions, application fees and transfers, and the 3-D Secure and receipt pages.
package enum PaymentsFamily {
    /// Routes, due work and services.
    package static let family = SandboxFamily(name: "payments") { routes in
        PaymentIntents.register(routes)
        Charges.register(routes)
        Disputes.register(routes)
        Pages.register(routes)
    }
}
