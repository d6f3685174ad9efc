/// A repository query as a type: its SQL, its parameters and how to decode its rows.
///
/// Each connection prepares the statement on first use (parse and plan once) and afterwards only executes it,
/// which saves the server's parse/plan work on hot paths. Statements are identified by their Swift type, so
/// one type must always have the same SQL.
///
/// ```swift
/// struct FindPayLinkBySlug: PreparedStatement {
///     static let sql = "SELECT id, title, amount FROM catalog.paylinks WHERE slug = $1"
///     var slug: String
///
///     func makeBindings() -> PostgresBindings { PostgresBindings(slug) }
///     func decodeRow(_ row: PostgresRow) throws -> (String, String, Int64) {
///         try row.decode((String, String, Int64).self)
///     }
/// }
///
/// let links = try await client.execute(FindPayLinkBySlug(slug: "coffee"))
/// ```
///
/// The parameter types are those of the first bindings a connection sees; bind the same Swift types every
/// time (a `String?` that is `nil` still binds with `String`'s type).
package protocol PreparedStatement: Sendable {
    /// What one row decodes to.
    associatedtype Row

    /// The SQL, with `$1`, `$2`, … for the parameters.
    static var sql: String { get }

    /// The parameter values, in `$n` order.
    func makeBindings() -> PostgresBindings

    /// Decodes one result row.
    func decodeRow(_ row: PostgresRow) throws -> Row
}
