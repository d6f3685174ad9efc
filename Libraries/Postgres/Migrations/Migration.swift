import Cryptography

/// One versioned SQL migration of a schema.
///
/// Services declare migrations in code or as `NNNN_name.sql` files (see ``load(directory:)``):
///
/// ```swift
/// let migrations = [
///     Migration(version: 1, name: "create_paylinks", sql: """
///         CREATE TABLE paylinks (id uuid PRIMARY KEY, title text NOT NULL);
///         """),
/// ]
/// ```
///
/// The SQL may hold several statements; it runs in one transaction with `search_path` set to the schema, so
/// statements that cannot run in a transaction (`CREATE INDEX CONCURRENTLY`) are not supported. Once applied,
/// a migration's SQL must never change: its SHA-256 checksum is recorded and checked at every start-up.
package struct Migration: Sendable, Hashable {
    /// The version: a positive integer, unique within the schema; migrations apply in ascending order.
    package var version: Int
    /// A short name, such as `create_paylinks`.
    package var name: String
    /// The SQL to run.
    package var sql: String
    /// Where the migration came from, for messages: a file path, or `in code`.
    package var source: String

    /// Creates a migration.
    package init(version: Int, name: String, sql: String, source: String = "in code") {
        self.version = version
        self.name = name
        self.sql = sql
        self.source = source
    }

    /// The lowercase hex SHA-256 of ``sql``'s UTF-8 bytes.
    package var checksum: String { Hex.encode(SHA256.hash(Array(sql.utf8))) }
}
