package import StripeSandboxCore

/// The Connect resources of the sandbox: accounts, account links and the onboarding page, customers,
/// payment methods, setup intents, balance and payouts.
package enum ConnectFamily {
    /// Routes, due work and services.
    package static let family = SandboxFamily(name: "connect") { routes in
        AccountRoutes.register(routes)
        AccountLinkRoutes.register(routes)
        OnboardingPage.register(routes)
        CustomerRoutes.register(routes)
        PaymentMethodRoutes.register(routes)
        SetupIntentRoutes.register(routes)
        PayoutRoutes.register(routes)
        SetupAuthenticationPage.register(routes)
    }
}
