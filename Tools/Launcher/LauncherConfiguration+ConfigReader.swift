package import ConfigKit

extension LauncherConfiguration {
    /// The shortest accepted internal key or JWT secret, in bytes.
    package static let minimumSecretLength = 32

    /// Reads the configuration from `reader`; see the table on ``LauncherConfiguration``.
    ///
    /// - Throws: ``ConfigError`` naming the first invalid variable (a port out of range, a secret that is too
    ///   short, a malformed duration).
    package init(reader: ConfigReader) throws(ConfigError) {
        var requestedPorts: [PlatformComponent: Int] = [:]
        var serviceDatabaseURLs: [PlatformComponent: String] = [:]
        var databasePasswords: [PlatformComponent: String] = [:]
        for component in PlatformComponent.startOrder where component != .gateway {
            let root = reader.scoped(component.environmentPrefix)
            if root.scoped("HTTP").raw("PORT") != nil {
                requestedPorts[component] = try root.scoped("HTTP").int("PORT", default: 0, range: 1...65535)
            }
            serviceDatabaseURLs[component] = root.scoped("DATABASE").optionalString("URL", secret: true)
            databasePasswords[component] = root.scoped("DATABASE").optionalString("PASSWORD", secret: true)
        }
        let platform = reader.scoped("PAYLINKS")
        let sandbox = reader.scoped(PlatformComponent.stripeSandbox.environmentPrefix)
        let webhookSecret =
            sandbox.scoped("WEBHOOK").optionalString("SECRET", secret: true)
            ?? reader.scoped("PAYMENTS").scoped("STRIPE").optionalString("WEBHOOK_SECRET", secret: true)
        self.init(
            dataDirectory: platform.string("DATA_DIR", default: ".data"),
            publicPort: try platform.int(
                "PUBLIC_PORT",
                default: PlatformComponent.gateway.defaultPort,
                range: 1...65535
            ),
            requestedPorts: requestedPorts,
            postgresPort: try platform.int("POSTGRES_PORT", default: 54329, range: 1...65535),
            databaseURL: reader.optionalString("DATABASE_URL", secret: true),
            serviceDatabaseURLs: serviceDatabaseURLs,
            internalKey: try Self.secret("INTERNAL_KEY", platform),
            jwtSecret: try Self.secret("JWT_SECRET", platform),
            databasePasswords: databasePasswords,
            readyTimeout: try platform.duration("READY_TIMEOUT", default: .seconds(60)),
            externalStripeAPIBase: reader.scoped("PAYMENTS").scoped("STRIPE").optionalString("API_BASE"),
            sandboxSecretKey: sandbox.string("SECRET_KEY", default: Self.defaultSandboxSecretKey, secret: true),
            sandboxPublishableKey: sandbox.string("PUBLISHABLE_KEY", default: Self.defaultSandboxPublishableKey),
            stripeWebhookSecret: webhookSecret
        )
    }

    private static func secret(_ key: String, _ reader: ConfigReader) throws(ConfigError) -> String? {
        guard let value = reader.optionalString(key, secret: true) else { return nil }
        guard value.utf8.count >= minimumSecretLength else {
            throw ConfigError(
                key: reader.fullKey(key),
                problem:
                    "must be at least \(minimumSecretLength) bytes of random text (unset it to use a generated one)"
            )
        }
        return value
    }
}
