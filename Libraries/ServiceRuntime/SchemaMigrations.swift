package import Postgres

/// Migrations every service schema starts with.
package enum SchemaMigrations {
    /// Version 1 of a service's schema: the schema itself (the migration runner creates it, owned by the
    /// service's role), documented and closed to other roles, so no other service can read its tables.
    package static func ownedSchema(_ schema: String) -> Migration {
        Migration(
            version: 1,
            name: "schema",
            sql: """
                CREATE SCHEMA IF NOT EXISTS \(schema);
                COMMENT ON SCHEMA \(schema) IS 'Owned by the \(schema) service; other services ask it over HTTP.';
                REVOKE ALL ON SCHEMA \(schema) FROM PUBLIC;
                """
        )
    }
}
