import TestSupport

/// The third-party servers the platform signs users in with during the suite: a real SMTP server (aiosmtpd,
/// STARTTLS + AUTH) that messaging delivers to, and a local OIDC provider that auth treats as Google.
struct SignInPeers: Sendable {
    /// The OAuth client the platform is registered as at the provider.
    static let googleClientID = "paylinks-e2e-client"
    /// Its secret.
    static let googleClientSecret = "paylinks-e2e-google-secret"
    /// The address configured as an administrator.
    static let adminEmail = "admin-e2e@paylinks.test"
    /// The per-email magic-link limit the platform runs with.
    static let magicLinkLimit = 5

    let smtp: SMTPTestPeer
    let oidc: OIDCTestPeer

    static func start() async throws -> SignInPeers {
        let smtp = try await SMTPTestPeer.start()
        do {
            return SignInPeers(smtp: smtp, oidc: try await OIDCTestPeer.start())
        } catch {
            smtp.stop()
            throw error
        }
    }

    /// What the platform is started with so it uses these peers.
    var platformEnvironment: [String: String] {
        [
            "MESSAGING_SMTP_URL": smtp.url,
            "MESSAGING_SMTP_USERNAME": smtp.username,
            "MESSAGING_SMTP_PASSWORD": smtp.password,
            "MESSAGING_SMTP_CA_FILE": smtp.certificatePath,
            "MESSAGING_SMTP_FROM": "PayLinks <no-reply@paylinks.test>",
            "AUTH_GOOGLE_CLIENT_ID": Self.googleClientID,
            "AUTH_GOOGLE_CLIENT_SECRET": Self.googleClientSecret,
            "AUTH_GOOGLE_ISSUER": oidc.issuer,
            "AUTH_ADMIN_EMAILS": Self.adminEmail,
            "AUTH_MAGIC_LINK_PER_EMAIL_LIMIT": "\(Self.magicLinkLimit)",
            // Tests stand for many clients by sending X-Forwarded-For through the loopback "proxy".
            "GATEWAY_TRUSTED_PROXIES": "127.0.0.1",
        ]
    }

    func stop() {
        smtp.stop()
        oidc.stop()
    }
}
