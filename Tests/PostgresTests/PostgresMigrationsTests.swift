import Foundation
import LogKit
import Postgres
import TestSupport
import Testing

@Suite(.enabled(if: PostgresTestEnvironment.isEnabled, "needs PostgreSQL: scripts/with-postgres.sh swift test"))
struct PostgresMigrationsTests {
    static let logger = Logger(label: "migrations-tests", level: .error)

    static let three = [
        Migration(
            version: 1,
            name: "create_links",
            sql: "CREATE TABLE links (id int PRIMARY KEY, title text NOT NULL);"
        ),
        Migration(
            version: 2,
            name: "create_log",
            sql: """
                CREATE TABLE applied_log (version int NOT NULL, by_pid int NOT NULL DEFAULT pg_backend_pid());
                INSERT INTO applied_log (version) VALUES (2);
                """
        ),
        Migration(
            version: 3,
            name: "add_slug",
            sql: "ALTER TABLE links ADD COLUMN slug text; INSERT INTO applied_log (version) VALUES (3);"
        ),
    ]

    static func recorded(_ client: PostgresClient, schema: String) async throws -> [(Int, String, String)] {
        try await client.query(
            "SELECT version, name, checksum FROM \(identifier: schema).schema_migrations ORDER BY version"
        ).decode((Int, String, String).self)
    }

    @Test func appliesInOrderThenSkipsOnRerun() async throws {
        try await PostgresTestDatabase.withClient { client in
            let migrations = try PostgresMigrations(schema: "catalog", migrations: Self.three.reversed())
            let first = try await migrations.apply(on: client, logger: Self.logger)
            #expect(first.applied == [1, 2, 3])
            #expect(first.alreadyApplied == [])

            let recorded = try await Self.recorded(client, schema: "catalog")
            #expect(recorded.map(\.0) == [1, 2, 3])
            #expect(recorded.map(\.1) == ["create_links", "create_log", "add_slug"])
            #expect(recorded.map(\.2) == Self.three.map(\.checksum))
            #expect(recorded[0].2.count == 64)
            // Unqualified names in the SQL went into the schema.
            try await client.execute("INSERT INTO catalog.links (id, title, slug) VALUES (1, 'a', 'a')")

            let second = try await migrations.apply(on: client, logger: Self.logger)
            #expect(second.applied == [])
            #expect(second.alreadyApplied == [1, 2, 3])
            let log = try await client.query("SELECT version FROM catalog.applied_log ORDER BY version")
            #expect(try log.decode(Int.self) == [2, 3])
        }
    }

    @Test func aChangedAppliedMigrationStopsStartUp() async throws {
        try await PostgresTestDatabase.withClient { client in
            try await PostgresMigrations(schema: "catalog", migrations: Self.three).apply(
                on: client,
                logger: Self.logger
            )
            var changed = Self.three
            changed[1].sql += "\n-- edited afterwards"
            changed[1].source = "Migrations/0002_create_log.sql"
            let migrations = try PostgresMigrations(schema: "catalog", migrations: changed)
            let error = await #expect(throws: PostgresMigrationError.self) {
                try await migrations.apply(on: client, logger: Self.logger)
            }
            #expect(error?.code == .checksumMismatch)
            #expect(error?.version == 2)
            #expect(error?.recordedChecksum == Self.three[1].checksum)
            #expect(error?.currentChecksum == changed[1].checksum)
            let message = error?.description ?? ""
            #expect(message.contains("migration 2"))
            #expect(message.contains("Migrations/0002_create_log.sql"))
            #expect(message.contains(Self.three[1].checksum))
            #expect(message.contains(changed[1].checksum))
        }
    }

    @Test func aFailingMigrationIsRolledBackAndReported() async throws {
        try await PostgresTestDatabase.withClient { client in
            let failing =
                Self.three + [
                    Migration(
                        version: 4,
                        name: "broken",
                        sql: "CREATE TABLE half_done (id int); INSERT INTO no_such_table VALUES (1);",
                        source: "0004_broken.sql"
                    )
                ]
            let migrations = try PostgresMigrations(schema: "catalog", migrations: failing)
            let error = await #expect(throws: PostgresMigrationError.self) {
                try await migrations.apply(on: client, logger: Self.logger)
            }
            #expect(error?.code == .migrationFailed)
            #expect(error?.version == 4)
            #expect(error?.sqlState == "42P01")
            #expect(error?.description.contains("0004_broken.sql") == true)
            #expect(error?.description.contains("42P01") == true)
            #expect(error?.description.contains("rolled back") == true)

            let recorded = try await Self.recorded(client, schema: "catalog")
            #expect(recorded.map(\.0) == [1, 2, 3])  // the earlier ones stay applied
            let halfDone = try await client.query("SELECT to_regclass('catalog.half_done') IS NULL")
            #expect(try halfDone.decode(Bool.self) == [true])
            // The lock was released: a fixed list applies.
            let report = try await PostgresMigrations(schema: "catalog", migrations: Self.three).apply(
                on: client,
                logger: Self.logger
            )
            #expect(report.alreadyApplied == [1, 2, 3])
        }
    }

    @Test func concurrentRunnersApplyEachMigrationOnce() async throws {
        try await PostgresTestDatabase.withDatabase { database in
            let slow =
                Self.three + [
                    Migration(
                        version: 4,
                        name: "slow",
                        sql: "SELECT pg_sleep(0.2); INSERT INTO applied_log (version) VALUES (4);"
                    )
                ]
            let reports = try await withThrowingTaskGroup(of: PostgresMigrationReport.self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        // A client per runner, as if three processes started at once.
                        try await PostgresTestDatabase.withRunningClient(configuration: database.configuration) {
                            client in
                            try await PostgresMigrations(schema: "payments", migrations: slow)
                                .apply(on: client, logger: Self.logger)
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(reports.flatMap(\.applied).sorted() == [1, 2, 3, 4])
            #expect(reports.filter { !$0.applied.isEmpty }.count == 1)
            try await PostgresTestDatabase.withRunningClient(configuration: database.configuration) { client in
                let log = try await client.query("SELECT version FROM payments.applied_log ORDER BY version")
                #expect(try log.decode(Int.self) == [2, 3, 4])
            }
        }
    }

    @Test func rejectsDuplicateAndNonPositiveVersions() {
        let duplicate = [Self.three[0], Migration(version: 1, name: "again", sql: "SELECT 1")]
        let error = #expect(throws: PostgresMigrationError.self) {
            try PostgresMigrations(schema: "catalog", migrations: duplicate)
        }
        #expect(error?.code == .invalidMigrations)
        #expect(error?.description.contains("version 1 is used twice") == true)
        #expect(throws: PostgresMigrationError.self) {
            try PostgresMigrations(schema: "catalog", migrations: [Migration(version: 0, name: "zero", sql: "")])
        }
    }

    @Test func loadsMigrationsFromADirectory() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            PostgresTestDatabase.uniqueName(prefix: "migrations")
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("CREATE TABLE b (id int);".utf8).write(to: directory.appendingPathComponent("0002_second.sql"))
        try Data("CREATE TABLE a (id int);".utf8).write(to: directory.appendingPathComponent("0001_first.sql"))
        try Data("not a migration".utf8).write(to: directory.appendingPathComponent("README.md"))

        let migrations = try await Migration.load(directory: directory.path)
        #expect(migrations.map(\.version) == [1, 2])
        #expect(migrations.map(\.name) == ["first", "second"])
        #expect(migrations[0].sql == "CREATE TABLE a (id int);")
        #expect(migrations[0].source.hasSuffix("0001_first.sql"))

        try Data("SELECT 1".utf8).write(to: directory.appendingPathComponent("third.sql"))
        let error = await #expect(throws: PostgresMigrationError.self) {
            _ = try await Migration.load(directory: directory.path)
        }
        #expect(error?.description.contains("third.sql is not named NNNN_name.sql") == true)

        try await PostgresTestDatabase.withClient { client in
            try await PostgresMigrations(schema: "files", migrations: migrations).apply(on: client, logger: Self.logger)
            let tables = try await client.query(
                "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'files' ORDER BY 1"
            )
            #expect(try tables.decode(String.self) == ["a", "b", "schema_migrations"])
        }
    }
}
