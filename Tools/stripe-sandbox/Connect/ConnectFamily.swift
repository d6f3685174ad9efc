package import StripeSandboxCore

/// The Connect resources of the sandbox.
package enum ConnectFamily {
    /// Routes, due work and services.
    package static let family = SandboxFamily(name: "connect") { routes in
        _ = routes
    }
}
