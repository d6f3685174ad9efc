package import StripeSandboxCore

/// The Webhooks resources of the sandbox.
package enum WebhooksFamily {
    /// Routes, due work and services.
    package static let family = SandboxFamily(name: "webhooks") { routes in
        _ = routes
    }
}
