package import StripeSandboxCore

/// The Payments resources of the sandbox.
package enum PaymentsFamily {
    /// Routes, due work and services.
    package static let family = SandboxFamily(name: "payments") { routes in
        _ = routes
    }
}
