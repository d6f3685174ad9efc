import Postgres
import Testing

@Suite struct PostgresClientConfigurationTests {
    @Test func parsesAFullURL() throws {
        let configuration = try PostgresClient.Configuration(
            url: "postgres://catalog:s%40cret%2Fpass@db.internal:6543/paylinks?sslmode=require"
                + "&application_name=catalog&connect_timeout=3&statement_timeout=2500"
        )
        #expect(configuration.user == "catalog")
        #expect(configuration.password == "s@cret/pass")
        #expect(configuration.host == "db.internal")
        #expect(configuration.port == 6543)
        #expect(configuration.database == "paylinks")
        #expect(configuration.tls == .require)
        #expect(configuration.applicationName == "catalog")
        #expect(configuration.connectTimeout == .seconds(3))
        #expect(configuration.statementTimeout == .milliseconds(2500))
    }

    @Test func appliesDefaults() throws {
        let configuration = try PostgresClient.Configuration(url: "postgresql://app@localhost")
        #expect(configuration.port == 5432)
        #expect(configuration.password == nil)
        #expect(configuration.database == nil)
        #expect(configuration.tls == .prefer)
        #expect(configuration.statementTimeout == nil)
    }

    @Test func parsesIPv6Hosts() throws {
        let configuration = try PostgresClient.Configuration(url: "postgres://app@[::1]:5433/db")
        #expect(configuration.host == "::1")
        #expect(configuration.port == 5433)
    }

    @Test(arguments: [
        ("mysql://u@h/db", "scheme"),
        ("postgres://h:5432/db", "no user"),
        ("postgres://u@h/db?sslmode=sometimes", "sslmode"),
        ("postgres://u@h/db?pool=5", "unsupported parameter pool"),
        ("postgres://u@h/db?connect_timeout=soon", "connect_timeout"),
        ("postgres://u@h/a/b", "single database"),
        ("postgres://u@h:abc/db", "not a URL"),
        ("postgres://u@h:99999/db", "port must be between"),
    ])
    func rejectsBadURLsClearly(url: String, expectedReason: String) throws {
        let error = try #require(throws: PostgresError.self) { try PostgresClient.Configuration(url: url) }
        #expect(error.code == .invalidConfiguration)
        #expect(error.description.contains(expectedReason), "\(error.description)")
    }

    @Test func neverShowsThePassword() throws {
        let configuration = try PostgresClient.Configuration(url: "postgres://u:topsecret@h/db")
        #expect(!configuration.description.contains("topsecret"))
        #expect(configuration.description.contains("<redacted>"))
        let error = try #require(throws: PostgresError.self) {
            try PostgresClient.Configuration(url: "postgres://u:topsecret@h/db?bad=1")
        }
        #expect(!error.description.contains("topsecret"))
        #expect(!error.debugDescription.contains("topsecret"))
    }
}
