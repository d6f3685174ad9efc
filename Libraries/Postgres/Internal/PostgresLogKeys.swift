/// Logger metadata keys of the Postgres module (dotted, lowercase).
enum PostgresLogKeys {
    /// The schema a migration belongs to.
    static let schema = "db.schema"
    /// A migration's version.
    static let migrationVersion = "db.migration.version"
}
