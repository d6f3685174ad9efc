import ConfigKit
import LogKit
import ServiceRuntime
import Testing

@Suite struct ServiceConfigurationTests {
    @Test func readsKeysPrefixedWithTheServiceName() throws {
        let reader = ConfigReader(values: [
            "CATALOG_HTTP_HOST": "0.0.0.0",
            "CATALOG_HTTP_PORT": "9000",
            "CATALOG_LOG_LEVEL": "debug",
            "CATALOG_DATABASE_URL": "postgres://catalog:pw@db:5432/paylinks",
            "CATALOG_DATABASE_POOL_SIZE": "4",
            "CATALOG_DATABASE_STATEMENT_TIMEOUT": "250ms",
            "CATALOG_SHUTDOWN_GRACE": "5s",
            "AUTH_HTTP_PORT": "1",
        ])
        let configuration = try ServiceConfiguration(name: "catalog", defaultPort: 8082, reader: reader)
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.port == 9000)
        #expect(configuration.logLevel == .debug)
        #expect(configuration.databaseURL == "postgres://catalog:pw@db:5432/paylinks")
        #expect(configuration.databasePoolSize == 4)
        #expect(configuration.statementTimeout == .milliseconds(250))
        #expect(configuration.shutdownGracePeriod == .seconds(5))
        #expect(reader.effectiveConfiguration()["CATALOG_DATABASE_URL"] == "<redacted>")
    }

    @Test func defaultsApplyWhenNothingIsSet() throws {
        let configuration = try ServiceConfiguration(name: "auth", defaultPort: 8081, reader: ConfigReader(values: [:]))
        #expect(configuration.port == 8081)
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.databaseURL == nil)
        #expect(configuration.maxBodyBytes == 1 << 20)
    }

    @Test(arguments: [
        ("AUTH_HTTP_PORT", "http", "AUTH_HTTP_PORT must be an integer between 0 and 65535 (got \"http\")"),
        (
            "AUTH_LOG_LEVEL", "loud",
            "AUTH_LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical (got \"loud\")"
        ),
        ("AUTH_DATABASE_POOL_SIZE", "0", "AUTH_DATABASE_POOL_SIZE must be an integer between 1 and 200 (got \"0\")"),
        (
            "AUTH_SHUTDOWN_GRACE", "soon",
            "AUTH_SHUTDOWN_GRACE must be a duration such as 500ms, 10s or 5m (got \"soon\")"
        ),
    ])
    func invalidValuesStopStartUpWithAMessageNamingTheKey(key: String, value: String, message: String) {
        let error = #expect(throws: ConfigError.self) {
            try ServiceConfiguration(name: "auth", defaultPort: 8081, reader: ConfigReader(values: [key: value]))
        }
        #expect(error?.description == "invalid configuration: \(message)")
    }
}
