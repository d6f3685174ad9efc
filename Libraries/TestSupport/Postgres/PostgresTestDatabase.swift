package import LogKit
package import Postgres

/// A throwaway database (or schema) on the test server, created for one test and dropped after it.
///
/// ```swift
/// @Test func insertsAPayLink() async throws {
///     try await PostgresTestDatabase.withClient { client in
///         try await client.execute("CREATE TABLE t (id int)")
///     }
/// }
/// ```
///
/// Every helper holds the test server's shared lock while it runs, so that a test restarting the server
/// (``PostgresTestServer/withExclusiveAccess(_:)``) never runs at the same time.
package struct PostgresTestDatabase: Sendable {
    /// The database's name, unique per test (`paylinks_test_<hex>`).
    package let name: String
    /// A configuration that connects to it (application name `paylinks-tests` unless changed).
    package let configuration: PostgresClient.Configuration

    /// A logger for test clients: only errors, to standard error.
    package static var logger: Logger { Logger(label: "postgres-tests", level: .error) }

    /// A fresh unique name with `prefix`.
    package static func uniqueName(prefix: String = "paylinks_test") -> String {
        prefix + "_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
    }

    /// Creates a database, runs `body`, and drops the database (forcing out leftover connections).
    ///
    /// - Throws: ``PostgresTestEnvironmentError`` without a configured server, or what `body` throws.
    package static func withDatabase<Result>(
        _ body: (PostgresTestDatabase) async throws -> Result
    ) async throws -> Result {
        try await PostgresTestServerLock.shared.withShared {
            try await withDatabaseUnlocked(body)
        }
    }

    /// Creates a database and a running client for it (configured by `configure`), runs `body`, then shuts
    /// the client down and drops the database.
    package static func withClient<Result>(
        configure: (inout PostgresClient.Configuration) -> Void = { _ in },
        _ body: (PostgresClient) async throws -> Result
    ) async throws -> Result {
        try await withDatabase { database in
            var configuration = database.configuration
            configure(&configuration)
            return try await withRunningClient(configuration: configuration, body)
        }
    }

    /// Creates a schema in the shared database and a running client whose `search_path` is that schema, runs
    /// `body`, then drops the schema: cheaper than a database when the test owns no fixed schema names.
    package static func withSchema<Result>(
        configure: (inout PostgresClient.Configuration) -> Void = { _ in },
        _ body: (PostgresClient, _ schema: String) async throws -> Result
    ) async throws -> Result {
        try await PostgresTestServerLock.shared.withShared {
            let schema = uniqueName()
            var configuration = try PostgresTestEnvironment.configuration()
            try await administer(configuration) { try await $0.execute("CREATE SCHEMA \(identifier: schema)") }
            configuration.searchPath = [schema]
            configure(&configuration)
            do {
                let result = try await withRunningClient(configuration: configuration) { try await body($0, schema) }
                try await administer(configuration) {
                    try await $0.execute("DROP SCHEMA \(identifier: schema) CASCADE")
                }
                return result
            } catch {
                try? await administer(configuration) {
                    try await $0.execute("DROP SCHEMA \(identifier: schema) CASCADE")
                }
                throw error
            }
        }
    }

    /// Runs a client with `configuration` for the duration of `body`, then shuts it down and waits for it.
    package static func withRunningClient<Result>(
        configuration: PostgresClient.Configuration,
        _ body: (PostgresClient) async throws -> Result
    ) async throws -> Result {
        let client = PostgresClient(configuration: configuration, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            do {
                let result = try await body(client)
                client.shutdown()
                try await group.waitForAll()
                return result
            } catch {
                client.shutdown()
                group.cancelAll()
                throw error
            }
        }
    }

    /// ``withDatabase(_:)`` without taking the server lock (for holders of the exclusive lock).
    static func withDatabaseUnlocked<Result>(
        _ body: (PostgresTestDatabase) async throws -> Result
    ) async throws -> Result {
        let admin = try PostgresTestEnvironment.configuration(applicationName: "paylinks-tests-admin")
        let name = uniqueName()
        try await administer(admin) { try await $0.execute("CREATE DATABASE \(identifier: name)") }
        let database = PostgresTestDatabase(
            name: name,
            configuration: try PostgresTestEnvironment.configuration(database: name)
        )
        do {
            let result = try await body(database)
            try await drop(name, admin: admin)
            return result
        } catch {
            try? await drop(name, admin: admin)
            throw error
        }
    }

    private static func drop(_ name: String, admin: PostgresClient.Configuration) async throws {
        try await administer(admin) { try await $0.execute("DROP DATABASE IF EXISTS \(identifier: name) WITH (FORCE)") }
    }

    /// Runs `body` on a short-lived connection outside any pool.
    static func administer(
        _ configuration: PostgresClient.Configuration,
        _ body: (PostgresConnection) async throws -> Void
    ) async throws {
        let connection = try await PostgresConnection.connect(configuration: configuration, logger: logger)
        defer { connection.close() }
        try await body(connection)
    }
}
