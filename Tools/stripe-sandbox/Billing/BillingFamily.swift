package import StripeSandboxCore

/// The Billing resources of the sandbox.
package enum BillingFamily {
    /// Routes, due work and services.
    package static let family = SandboxFamily(name: "billing") { routes in
        _ = routes
    }
}
