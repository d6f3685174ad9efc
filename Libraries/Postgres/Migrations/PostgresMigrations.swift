import Foundation
package import LogKit

/// Applies a schema's versioned migrations at start-up, once, safely with several processes starting at once.
///
/// ```swift
/// let migrations = try PostgresMigrations(schema: "catalog", migrations: CatalogMigrations.all)
/// let report = try await migrations.apply(on: client, logger: logger)
/// ```
///
/// On one connection, ``apply(on:logger:)``:
/// 1. takes `pg_advisory_lock` keyed by the schema name, so concurrent runners queue up (the lock wait is not
///    subject to the statement timeout);
/// 2. creates the schema and `<schema>.schema_migrations(version, name, checksum, applied_at)` if missing;
/// 3. compares every applied migration's recorded checksum (SHA-256 hex of its SQL) with the current SQL and
///    stops with ``PostgresMigrationError/Code/checksumMismatch`` if one changed;
/// 4. applies the others in ascending version order, each in its own transaction with `search_path` set to the
///    schema (then `public`), recording it in the same transaction; a failure rolls that migration back and
///    stops with ``PostgresMigrationError/Code/migrationFailed`` (version, file, SQLSTATE);
/// 5. releases the lock.
///
/// Applied versions missing from the list (a rolled-back deployment) are logged, not an error.
package struct PostgresMigrations: Sendable {
    /// The schema the migrations belong to.
    package let schema: String
    /// The migrations, sorted by version.
    package let migrations: [Migration]

    /// Creates a runner for `schema`.
    ///
    /// - Throws: ``PostgresMigrationError`` (`invalidMigrations`) for an empty schema name, a version below 1
    ///   or a duplicate version.
    package init(schema: String, migrations: [Migration]) throws {
        guard !schema.isEmpty else {
            throw PostgresMigrationError(.invalidMigrations, reason: "the schema name is empty")
        }
        let sorted = migrations.sorted { $0.version < $1.version }
        for (index, migration) in sorted.enumerated() {
            guard migration.version > 0 else {
                throw PostgresMigrationError(
                    .invalidMigrations,
                    reason: "migration \(migration.name) (\(migration.source)) has version \(migration.version); "
                        + "versions start at 1"
                )
            }
            if index > 0, sorted[index - 1].version == migration.version {
                throw PostgresMigrationError(
                    .invalidMigrations,
                    reason: "version \(migration.version) is used twice in schema \(schema): "
                        + "\(sorted[index - 1].source) and \(migration.source)"
                )
            }
        }
        self.schema = schema
        self.migrations = sorted
    }

    /// Applies the pending migrations; see the type's documentation.
    ///
    /// - Returns: the versions applied now and those found already applied.
    /// - Throws: ``PostgresMigrationError``; ``PostgresError`` if no connection can be had.
    @discardableResult
    package func apply(on client: PostgresClient, logger: Logger) async throws -> PostgresMigrationReport {
        try await client.withConnection { connection in
            try await databaseStep("acquire the migration lock") {
                _ = try await connection.executeScript("SET statement_timeout = 0")
                _ = try await connection.query("SELECT pg_advisory_lock(hashtextextended(\(lockKey)::text, 0))")
            }
            do {
                let report = try await applyLocked(on: connection, logger: logger)
                try await releaseLock(on: connection)
                return report
            } catch {
                try? await releaseLock(on: connection)
                throw error
            }
        }
    }

    private var lockKey: String { "paylinks.migrations." + schema }

    private func releaseLock(on connection: PostgresConnection) async throws {
        _ = try await connection.query("SELECT pg_advisory_unlock(hashtextextended(\(lockKey)::text, 0))")
        _ = try await connection.executeScript("RESET statement_timeout")
    }

    private func applyLocked(on connection: PostgresConnection, logger: Logger) async throws -> PostgresMigrationReport
    {
        let table = "\(PostgresQuery.quoteIdentifier(schema)).schema_migrations"
        let applied = try await databaseStep("read \(schema).schema_migrations") {
            try await connection.execute("CREATE SCHEMA IF NOT EXISTS \(identifier: schema)")
            try await connection.execute(
                """
                CREATE TABLE IF NOT EXISTS \(unsafeSQL: table) (
                    version bigint PRIMARY KEY,
                    name text NOT NULL,
                    checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """
            )
            let rows = try await connection.query("SELECT version, checksum FROM \(unsafeSQL: table) ORDER BY version")
            return try Dictionary(uniqueKeysWithValues: rows.decode((Int, String).self))
        }

        var report = PostgresMigrationReport()
        let known = Set(migrations.map(\.version))
        for version in applied.keys.sorted() where !known.contains(version) {
            logger.warning(
                "migrations: version \(version) is applied in schema \(schema) but unknown to this build",
                metadata: [PostgresLogKeys.schema: schema]
            )
        }
        for migration in migrations {
            guard let recorded = applied[migration.version] else { continue }
            let current = migration.checksum
            guard recorded == current else {
                var error = PostgresMigrationError(
                    .checksumMismatch,
                    reason: "migration \(migration.version) \"\(migration.name)\" (\(migration.source)) changed after "
                        + "it was applied to schema \(schema): recorded checksum \(recorded), current checksum "
                        + "\(current). Restore its original SQL and add a new migration for the change."
                )
                error.recordedChecksum = recorded
                error.currentChecksum = current
                throw error.describing(migration, schema: schema)
            }
            report.alreadyApplied.append(migration.version)
        }
        for migration in migrations where applied[migration.version] == nil {
            try await apply(migration, table: table, on: connection)
            report.applied.append(migration.version)
            logger.info(
                "migrations: applied \(schema) \(migration.version) \(migration.name)",
                metadata: [PostgresLogKeys.schema: schema, PostgresLogKeys.migrationVersion: "\(migration.version)"]
            )
        }
        return report
    }

    private func apply(_ migration: Migration, table: String, on connection: PostgresConnection) async throws {
        do {
            try await connection.withTransaction { transaction in
                _ = try await transaction.executeScript(
                    "SET LOCAL search_path TO \(PostgresQuery.quoteIdentifier(schema)), public"
                )
                _ = try await transaction.executeScript(migration.sql)
                try await transaction.execute(
                    """
                    INSERT INTO \(unsafeSQL: table) (version, name, checksum)
                    VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                    """
                )
            }
        } catch let error as PostgresError {
            var failure = PostgresMigrationError(
                .migrationFailed,
                reason: "migration \(migration.version) \"\(migration.name)\" (\(migration.source)) failed in schema "
                    + "\(schema) and was rolled back: SQLSTATE \(error.sqlState ?? "none"): "
                    + "\(error.serverMessage ?? error.code.description)"
            )
            failure.underlying = error
            throw failure.describing(migration, schema: schema)
        }
    }

    private func databaseStep<Result>(_ step: String, _ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as PostgresError {
            var failure = PostgresMigrationError(
                .databaseError,
                reason: "could not \(step) for schema \(schema): \(error)"
            )
            failure.schema = schema
            failure.underlying = error
            throw failure
        }
    }
}

/// What ``PostgresMigrations/apply(on:logger:)`` did.
package struct PostgresMigrationReport: Sendable, Hashable {
    /// The versions applied by this call, in order.
    package var applied: [Int] = []
    /// The versions that were already applied (checksums verified).
    package var alreadyApplied: [Int] = []
}

extension PostgresMigrationError {
    fileprivate func describing(_ migration: Migration, schema: String) -> PostgresMigrationError {
        var copy = self
        copy.schema = schema
        copy.version = migration.version
        copy.name = migration.name
        copy.source = migration.source
        return copy
    }
}
