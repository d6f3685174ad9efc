/// One row of a ``PostgresRows`` result, decoded into Swift types on demand.
///
/// Decode all columns at once as a tuple, in order — the tuple must have exactly as many elements as the row
/// has columns — or one column by name or index:
///
/// ```swift
/// let (id, amount, isActive, archivedAt) = try row.decode((String, Int64, Bool, Date?).self)
/// let title = try row["title", as: String.self]
/// let count = try row.decode(Int.self)  // a one-column row
/// ```
///
/// NULL decodes only into an `Optional`. A type mismatch (an `integer` column as `String`, `NULL` as `Int`) or
/// an unparsable value throws ``PostgresError`` with code ``PostgresError/Code/decoding`` naming the column.
package struct PostgresRow: Sendable {
    let storage: PostgresRowStorage
    /// The row's position in its result.
    package let index: Int

    /// The result's columns.
    package var columns: PostgresColumns { storage.columns }

    /// Decodes every column, in order, as the tuple `types` (or a single value for a one-column row).
    ///
    /// - Throws: ``PostgresError`` (`decoding`) if the column count differs or a column does not decode.
    package func decode<each Value: PostgresDecodable>(_ types: (repeat each Value).Type) throws -> (repeat each Value)
    {
        var expected = 0
        for _ in repeat (each Value).self { expected += 1 }
        guard expected == storage.columns.count else {
            throw PostgresError(
                .decoding,
                message: "cannot decode a row of \(storage.columns.count) columns as a tuple of \(expected) values"
            )
        }
        var column = 0
        func next<V: PostgresDecodable>(_: V.Type) throws -> V {
            defer { column += 1 }
            return try storage.decode(V.self, row: index, column: column)
        }
        return (repeat try next((each Value).self))
    }

    /// Decodes the column at `column` (0-based) as `type`.
    ///
    /// - Throws: ``PostgresError`` (`decoding`).
    package func decode<Value: PostgresDecodable>(_ type: Value.Type, column: Int) throws -> Value {
        guard column >= 0, column < storage.columns.count else {
            throw PostgresError(.decoding, message: "no column at index \(column)")
        }
        return try storage.decode(type, row: index, column: column)
    }

    /// Decodes the first column called `name` as `type`.
    ///
    /// - Throws: ``PostgresError`` (`decoding`), also when there is no such column.
    package subscript<Value: PostgresDecodable>(name: String, as type: Value.Type) -> Value {
        get throws {
            guard let column = storage.columns.index(of: name) else {
                throw PostgresError(.decoding, message: "no column named \"\(name)\"")
            }
            return try storage.decode(type, row: index, column: column)
        }
    }

    /// Whether the column at `column` is NULL.
    package func isNull(column: Int) -> Bool {
        storage.cells[2 * (index * storage.columns.count + column) + 1] < 0
    }
}
