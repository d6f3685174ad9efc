package import StripeSandboxCore

/// The Billing resources of the sandbox: products, prices, subscriptions, invoices and test clocks, with
/// subscription renewals as due work.
package enum BillingFamily {
    /// Routes, due work and services.
    package static let family = SandboxFamily(name: "billing") { routes in
        CatalogRoutes.register(routes)
        TestClockRoutes.register(routes)
        SubscriptionRoutes.register(routes)
        InvoiceRoutes.register(routes)
        routes.dueWork.register("subscriptions") { call, scope in
            try await SubscriptionEngine.runDue(call, scope: scope)
        }
    }
}
