package import Postgres

/// Checks on the schema a service's first migration creates.
package enum SchemaAssertions {
    /// A failed schema check.
    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    /// Fails unless `schema` exists, is owned by the role the service connects with, carries the ownership
    /// comment, grants nothing to PUBLIC, and recorded migration 1.
    package static func expectOwnedSchema(_ schema: String, postgres: PostgresClient) async throws {
        let rows = try await postgres.query(
            """
            SELECT pg_get_userbyid(n.nspowner) = current_user, coalesce(obj_description(n.oid, 'pg_namespace'), ''),
                   has_schema_privilege('public', n.oid, 'USAGE'),
                   (SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = \(schema) AND tablename = 'schema_migrations')
            FROM pg_namespace n WHERE n.nspname = \(schema)
            """
        )
        guard let row = rows.first else { throw Failure(description: "schema \(schema) does not exist") }
        let (ownedByUs, comment, publicUsage, bookkeeping) = try row.decode((Bool, String, Bool, Int64).self)
        guard ownedByUs else { throw Failure(description: "schema \(schema) is not owned by the service's role") }
        guard comment.contains("Owned by the \(schema) service") else {
            throw Failure(description: "schema \(schema) has comment \"\(comment)\"")
        }
        guard !publicUsage else { throw Failure(description: "PUBLIC may use schema \(schema)") }
        guard bookkeeping == 1 else { throw Failure(description: "schema \(schema) has no schema_migrations table") }
    }
}
