/// Why ``PostgresMigrations`` stopped start-up.
///
/// `description` says what happened and what to do, naming the schema, version, name and source of the
/// migration involved; it contains no data, only SQL states and server messages.
package struct PostgresMigrationError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidMigrations
            case checksumMismatch
            case migrationFailed
            case databaseError
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The list of migrations is malformed (duplicate or non-positive versions, bad file names).
        package static let invalidMigrations = Code(.invalidMigrations)
        /// An applied migration's SQL changed since it was applied.
        package static let checksumMismatch = Code(.checksumMismatch)
        /// A migration's SQL failed; its transaction was rolled back.
        package static let migrationFailed = Code(.migrationFailed)
        /// The bookkeeping (lock, `schema_migrations`) failed.
        package static let databaseError = Code(.databaseError)

        /// The code's name.
        package var description: String { base.rawValue }
    }

    /// The kind of failure.
    package var code: Code
    /// What happened, in a sentence.
    package var reason: String
    /// The schema being migrated.
    package var schema: String?
    /// The migration involved.
    package var version: Int?
    /// The migration's name.
    package var name: String?
    /// The migration's file, or `in code`.
    package var source: String?
    /// For `checksumMismatch`: the checksum recorded when the migration was applied.
    package var recordedChecksum: String?
    /// For `checksumMismatch`: the checksum of the migration's SQL now.
    package var currentChecksum: String?
    /// For `migrationFailed` and `databaseError`: the database error.
    package var underlying: PostgresError?

    /// Creates an error.
    package init(_ code: Code, reason: String) {
        self.code = code
        self.reason = reason
    }

    /// The SQLSTATE of the failure, if the server reported one.
    package var sqlState: String? { underlying?.sqlState }

    /// The reason, prefixed with `migrations:`.
    package var description: String { "migrations: \(reason)" }
}
