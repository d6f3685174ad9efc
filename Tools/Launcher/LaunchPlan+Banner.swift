import Foundation

extension LaunchPlan {
    /// The text printed once the platform is ready: the public URLs, each service's direct URL, which Stripe
    /// payments uses (the sandbox's URL and key, or the external API base), where the data lives and how to stop.
    ///
    /// - Parameters:
    ///   - dataDirectory: the absolute data directory.
    ///   - database: how PostgreSQL is provided, such as `local cluster on 127.0.0.1:54329`.
    ///   - smtpConfigured: whether messaging sends mail over SMTP (otherwise the dev mailbox is shown).
    package func banner(dataDirectory: String, database: String, smtpConfigured: Bool = false) -> String {
        let base = url(of: .gateway)
        var lines = [
            "",
            "PayLinks is ready.",
            "  gateway    \(base)",
            "  health     \(base)/healthz",
            "  ready      \(base)/readyz",
            "  metrics    \(base)/metrics",
            "  services (direct; they answer 401 without the gateway's signed identity):",
        ]
        for backend in PlatformComponent.backends {
            let name = backend.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
            lines.append("    \(name) \(url(of: backend))  (port \(port(of: backend)))")
        }
        switch stripe {
        case .sandbox(let secretKey, _, _):
            let key =
                secretKey == LauncherConfiguration.defaultSandboxSecretKey ? secretKey : "STRIPE_SANDBOX_SECRET_KEY"
            lines.append("  stripe     \(url(of: .stripeSandbox))  (Stripe sandbox: \(key))")
        case .external(let apiBase):
            lines.append("  stripe     \(apiBase)  (PAYMENTS_STRIPE_API_BASE; no sandbox started)")
        }
        lines += [
            "  database   \(database)",
            "  data       \(dataDirectory)",
            smtpConfigured
                ? "  email      over SMTP (MESSAGING_SMTP_URL)"
                : "  mailbox    \(mailboxDirectory) — no SMTP server set, so sign-in links land here;"
                    + " read the newest with `.build/release/paylinks mail`",
            "Ctrl-C stops everything.",
            "",
        ]
        return lines.joined(separator: "\n")
    }
}
