/// The cells of a result in one buffer: the text of every non-NULL value back to back, with an offset and
/// length per cell. Immutable once built on the I/O thread.
final class PostgresRowStorage: Sendable {
    let columns: PostgresColumns
    let rowCount: Int
    let affectedRowCount: Int
    let commandTag: String
    /// Every cell's text, row by row.
    let bytes: [UInt8]
    /// For cell `row * columns + column`: its offset in `bytes` at `2 * cell` and its length (-1 for NULL) at
    /// `2 * cell + 1`.
    let cells: [Int]

    init(
        columns: PostgresColumns,
        rowCount: Int,
        affectedRowCount: Int,
        commandTag: String,
        bytes: [UInt8],
        cells: [Int]
    ) {
        self.columns = columns
        self.rowCount = rowCount
        self.affectedRowCount = affectedRowCount
        self.commandTag = commandTag
        self.bytes = bytes
        self.cells = cells
    }

    /// The result of a command that returns no rows.
    static func empty(affectedRowCount: Int = 0, commandTag: String = "") -> PostgresRowStorage {
        PostgresRowStorage(
            columns: noColumns,
            rowCount: 0,
            affectedRowCount: affectedRowCount,
            commandTag: commandTag,
            bytes: [],
            cells: []
        )
    }

    private static let noColumns = PostgresColumns(names: [], dataTypes: [])

    /// Decodes the cell at (`row`, `column`) as `Value`, wrapping failures into a ``PostgresError``.
    func decode<Value: PostgresDecodable>(_: Value.Type, row: Int, column: Int) throws -> Value {
        let cell = 2 * (row * columns.count + column)
        let offset = cells[cell]
        let length = cells[cell + 1]
        let dataType = columns.dataTypes[column]
        do {
            if length < 0 {
                return try Value.decodeNull(type: dataType)
            }
            let bytes = self.bytes  // a local borrow: a span cannot depend on a class property
            return try Value.decode(from: bytes.span.extracting(offset..<offset + length), type: dataType)
        } catch {
            var postgresError = PostgresError(
                .decoding,
                message:
                    "cannot decode column \"\(columns.names[column])\" (index \(column), type \(dataType)) as \(Value.self): \(error)",
                underlying: error
            )
            postgresError.column = columns.names[column]
            throw postgresError
        }
    }
}
