import ConfigKit
import Foundation

/// The auth service's own settings, beyond the standard ``ServiceRuntime/ServiceConfiguration``.
///
/// | key | default | meaning |
/// |---|---|---|
/// | `PAYLINKS_JWT_SECRET` | required | HS256 secret for access tokens (≥ 32 bytes), shared with the gateway |
/// | `AUTH_PUBLIC_URL` | `http://localhost:8080` | the public base URL magic links point at |
/// | `AUTH_ALLOWED_REDIRECT_ORIGINS` | `http://localhost:8080` | comma list of origins `redirectTo` may name |
/// | `AUTH_ADMIN_EMAILS` | empty | comma list of emails (case-insensitive) that sign in as `ADMIN` |
/// | `AUTH_MAGIC_LINK_TTL` | `15m` | how long a magic link stays valid |
/// | `AUTH_MAGIC_LINK_PER_EMAIL_LIMIT` | `5` | magic links one address may request per window |
/// | `AUTH_MAGIC_LINK_PER_EMAIL_WINDOW` | `15m` | the window of that limit |
/// | `AUTH_PRUNE_INTERVAL` | `1h` | how often old session changes and OAuth states are deleted |
/// | `AUTH_SESSION_CHANGES_RETENTION` | `7d` | how long the session change feed keeps a change |
/// | `AUTH_UPSTREAM_MESSAGING_URL` | `http://127.0.0.1:8084` | the messaging service (read by the runtime) |
struct AuthConfiguration: Sendable {
    /// The JWT secret.
    var jwtSecret: String
    /// The public base URL, without a trailing slash.
    var publicURL: String
    /// Normalised origins (`scheme://host[:port]`, lower case, default ports dropped).
    var allowedRedirectOrigins: Set<String>
    /// Lower-cased admin emails.
    var adminEmails: Set<String>
    /// Magic link lifetime.
    var magicLinkTTL: Duration
    /// Magic links per address per window.
    var magicLinkPerEmailLimit: Int
    /// The per-address window.
    var magicLinkPerEmailWindow: Duration
    /// How often history is pruned.
    var pruneInterval: Duration
    /// How long session changes are kept.
    var sessionChangesRetention: Duration

    /// Reads the keys in the table above.
    ///
    /// - Throws: ``ConfigError`` naming the first missing or invalid key.
    init(reader: ConfigReader) throws(ConfigError) {
        guard let secret = reader.scoped("PAYLINKS").optionalString("JWT_SECRET", secret: true) else {
            throw ConfigError(key: "PAYLINKS_JWT_SECRET", problem: "is required but not set")
        }
        guard secret.utf8.count >= 32 else {
            throw ConfigError(key: "PAYLINKS_JWT_SECRET", problem: "must be at least 32 bytes of random text")
        }
        jwtSecret = secret
        let auth = reader.scoped("AUTH")
        var publicURL = auth.string("PUBLIC_URL", default: "http://localhost:8080")
        while publicURL.hasSuffix("/") { publicURL.removeLast() }
        guard RedirectPolicy.origin(of: publicURL) != nil else {
            throw ConfigError(key: auth.fullKey("PUBLIC_URL"), problem: "must be an absolute http(s) URL")
        }
        self.publicURL = publicURL
        var origins: Set<String> = []
        for entry in auth.list("ALLOWED_REDIRECT_ORIGINS", default: ["http://localhost:8080"]) {
            guard let origin = RedirectPolicy.origin(of: entry) else {
                throw ConfigError(
                    key: auth.fullKey("ALLOWED_REDIRECT_ORIGINS"),
                    problem: "must list origins such as https://app.example.com (got \"\(entry)\")"
                )
            }
            origins.insert(origin)
        }
        allowedRedirectOrigins = origins
        adminEmails = Set(auth.list("ADMIN_EMAILS").map { $0.lowercased() })
        let magic = auth.scoped("MAGIC_LINK")
        magicLinkTTL = try magic.duration("TTL", default: .seconds(15 * 60))
        magicLinkPerEmailLimit = try magic.int("PER_EMAIL_LIMIT", default: 5, range: 1...10_000)
        magicLinkPerEmailWindow = try magic.duration("PER_EMAIL_WINDOW", default: .seconds(15 * 60))
        pruneInterval = try auth.duration("PRUNE_INTERVAL", default: .seconds(3600))
        sessionChangesRetention = try auth.scoped("SESSION_CHANGES").duration(
            "RETENTION",
            default: .seconds(7 * 86_400)
        )
        guard pruneInterval >= .milliseconds(100) else {
            throw ConfigError(key: auth.fullKey("PRUNE_INTERVAL"), problem: "must be at least 100ms")
        }
        guard magicLinkTTL >= .seconds(1) else {
            throw ConfigError(key: magic.fullKey("TTL"), problem: "must be at least 1s")
        }
    }

    /// The role an address signs in with.
    func role(forEmail email: String) -> UserRole {
        adminEmails.contains(email.lowercased()) ? .admin : .user
    }
}

extension Duration {
    /// Whole milliseconds, for SQL intervals.
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
