import ConfigKit
import Launcher
import Testing

@Suite struct LauncherConfigurationTests {
    @Test func everyComponentWithADatabaseUsesTheLocalClusterByDefault() {
        #expect(
            LauncherConfiguration().componentsOnLocalCluster == [
                .stripeSandbox, .auth, .catalog, .payments, .messaging,
            ]
        )
    }

    @Test func aSharedDatabaseURLReplacesTheLocalCluster() {
        let configuration = LauncherConfiguration(databaseURL: "postgres://u:p@db:5432/paylinks")
        #expect(configuration.componentsOnLocalCluster.isEmpty)
    }

    @Test func aServiceWithItsOwnURLLeavesTheLocalClusterToTheOthers() {
        let configuration = LauncherConfiguration(serviceDatabaseURLs: [
            .payments: "postgres://u:p@ledger:5432/payments",
            .stripeSandbox: "postgres://u:p@ledger:5432/stripe",
        ])
        #expect(configuration.componentsOnLocalCluster == [.auth, .catalog, .messaging])
    }

    @Test func theSandboxRunsByDefaultWithItsDefaultKeys() throws {
        let configuration = try LauncherConfiguration(reader: ConfigReader(values: [:]))
        #expect(configuration.startsStripeSandbox)
        #expect(configuration.components == [.stripeSandbox, .auth, .catalog, .payments, .messaging, .gateway])
        #expect(configuration.sandboxSecretKey == "sk_test_paylinks_sandbox")
        #expect(configuration.sandboxPublishableKey == "pk_test_paylinks_sandbox")
        #expect(configuration.stripeWebhookSecret == nil)
        #expect(configuration.requestedPorts[.stripeSandbox] == nil)
    }

    @Test func paymentsStripeAPIBaseSwitchesTheSandboxOff() throws {
        let configuration = try LauncherConfiguration(
            reader: ConfigReader(values: ["PAYMENTS_STRIPE_API_BASE": "https://api.stripe.com"])
        )
        #expect(!configuration.startsStripeSandbox)
        #expect(configuration.externalStripeAPIBase == "https://api.stripe.com")
        #expect(configuration.components == [.auth, .catalog, .payments, .messaging, .gateway])
        #expect(configuration.componentsOnLocalCluster == [.auth, .catalog, .payments, .messaging])
        let empty = try LauncherConfiguration(reader: ConfigReader(values: ["PAYMENTS_STRIPE_API_BASE": ""]))
        #expect(empty.startsStripeSandbox, "an empty value is unset")
    }

    @Test func theSandboxSettingsAreRead() throws {
        let configuration = try LauncherConfiguration(
            reader: ConfigReader(values: [
                "STRIPE_SANDBOX_HTTP_PORT": "12999",
                "STRIPE_SANDBOX_DATABASE_URL": "postgres://s:p@db:5432/stripe",
                "STRIPE_SANDBOX_DATABASE_PASSWORD": "pw",
                "STRIPE_SANDBOX_SECRET_KEY": "sk_test_other",
                "PAYMENTS_STRIPE_WEBHOOK_SECRET": "whsec_from_payments",
            ])
        )
        #expect(configuration.requestedPorts[.stripeSandbox] == 12999)
        #expect(configuration.serviceDatabaseURLs[.stripeSandbox] == "postgres://s:p@db:5432/stripe")
        #expect(configuration.databasePasswords[.stripeSandbox] == "pw")
        #expect(configuration.sandboxSecretKey == "sk_test_other")
        #expect(
            configuration.stripeWebhookSecret == "whsec_from_payments",
            "payments' secret when the sandbox has none"
        )
        let both = try LauncherConfiguration(
            reader: ConfigReader(values: [
                "STRIPE_SANDBOX_WEBHOOK_SECRET": "whsec_sandbox", "PAYMENTS_STRIPE_WEBHOOK_SECRET": "whsec_payments",
            ])
        )
        #expect(both.stripeWebhookSecret == "whsec_sandbox")
        #expect(throws: ConfigError.self) {
            try LauncherConfiguration(reader: ConfigReader(values: ["STRIPE_SANDBOX_HTTP_PORT": "70000"]))
        }
    }
}
