/// The complete result of a query: its rows, fully buffered in memory, and the affected row count.
///
/// Queries return once the server has sent the whole result, so a result is an ordinary random-access
/// collection that can be iterated several times and outlive the connection. Keep results small: page large
/// tables with `LIMIT` and a cursor (DESIGN.md §3) rather than streaming them.
///
/// ```swift
/// let rows = try await client.query("SELECT id, title FROM catalog.paylinks WHERE seller_id = \(seller)")
/// for row in rows {
///     let (id, title) = try row.decode((String, String).self)
/// }
/// let titles = try rows.decode((String, String).self).map(\.1)
/// ```
package struct PostgresRows: RandomAccessCollection, Sendable {
    let storage: PostgresRowStorage

    /// The result's columns.
    package var columns: PostgresColumns { storage.columns }
    /// The number of rows an `INSERT`, `UPDATE`, `DELETE`, `SELECT`, `MERGE`, `MOVE`, `FETCH` or `COPY` affected
    /// or returned (from the command tag); 0 for other commands.
    package var affectedRowCount: Int { storage.affectedRowCount }
    /// The command tag, such as `INSERT 0 1` or `SELECT 3`.
    package var commandTag: String { storage.commandTag }

    init(storage: PostgresRowStorage) { self.storage = storage }

    /// The first row's index (0).
    package var startIndex: Int { 0 }
    /// The number of rows.
    package var endIndex: Int { storage.rowCount }

    /// The row at `index`.
    package subscript(index: Int) -> PostgresRow {
        precondition(index >= 0 && index < storage.rowCount, "row index out of range")
        return PostgresRow(storage: storage, index: index)
    }

    /// Decodes every row as the tuple (or single value) `types`; see ``PostgresRow/decode(_:)``.
    package func decode<each Value: PostgresDecodable>(
        _ types: (repeat each Value).Type
    ) throws -> [(repeat each Value)] {
        var values = [(repeat each Value)]()
        values.reserveCapacity(count)
        for row in self {
            values.append(try row.decode(types))
        }
        return values
    }
}
