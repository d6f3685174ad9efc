import Foundation
package import Postgres

/// The PostgreSQL server that integration tests use, from the environment `scripts/with-postgres.sh` sets:
/// `POSTGRES_HOST`, `POSTGRES_PORT`, `POSTGRES_USER`, `POSTGRES_PASSWORD`, `POSTGRES_DB`.
///
/// Gate integration suites on ``isEnabled``, with a comment saying how to run them:
///
/// ```swift
/// @Suite(.enabled(if: PostgresTestEnvironment.isEnabled, "needs PostgreSQL: scripts/with-postgres.sh swift test"))
/// struct PaymentsRepositoryTests { … }
/// ```
///
/// Without a server the suite is skipped with that visible message — unless `PAYLINKS_REQUIRE_POSTGRES=1`
/// (as in CI), where the suite runs and every test fails in ``configuration(applicationName:database:)``: a
/// missing database is never silently skipped there.
package enum PostgresTestEnvironment {
    private static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// Whether `POSTGRES_HOST` is set.
    package static var isConfigured: Bool { !(environment["POSTGRES_HOST"] ?? "").isEmpty }

    /// Whether `PAYLINKS_REQUIRE_POSTGRES=1`: integration tests must run (and fail without a server).
    package static var isRequired: Bool { environment["PAYLINKS_REQUIRE_POSTGRES"] == "1" }

    /// Whether integration tests should run: a server is configured, or one is required.
    package static var isEnabled: Bool { isConfigured || isRequired }

    /// The configuration for the test server, connecting to `database` (default `POSTGRES_DB`, else `postgres`).
    ///
    /// - Throws: ``PostgresTestEnvironmentError`` when `POSTGRES_HOST` is not set.
    package static func configuration(
        applicationName: String = "paylinks-tests",
        database: String? = nil
    ) throws -> PostgresClient.Configuration {
        let environment = environment
        guard let host = environment["POSTGRES_HOST"], !host.isEmpty else {
            throw PostgresTestEnvironmentError(
                "POSTGRES_HOST is not set"
                    + (isRequired ? " but PAYLINKS_REQUIRE_POSTGRES=1: run the tests via scripts/with-postgres.sh" : "")
            )
        }
        guard let port = Int(environment["POSTGRES_PORT"] ?? "5432") else {
            throw PostgresTestEnvironmentError("POSTGRES_PORT is not a number")
        }
        let password = environment["POSTGRES_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        var configuration = PostgresClient.Configuration(
            host: host,
            port: port,
            user: environment["POSTGRES_USER"] ?? "postgres",
            password: password,
            database: database ?? environment["POSTGRES_DB"] ?? "postgres",
            tls: .disable
        )
        configuration.applicationName = applicationName
        configuration.connectTimeout = .seconds(5)
        return configuration
    }
}

/// The test environment lacks something a test needs.
package struct PostgresTestEnvironmentError: Error, CustomStringConvertible {
    /// What is missing.
    package var description: String

    /// Creates an error.
    package init(_ description: String) { self.description = description }
}
