import CLibPQ
import Glibc

extension LibPQConnection {
    /// Copies a `PGresult` into a ``PostgresRowStorage``: one buffer for all cell text, one array of
    /// offsets/lengths. Columns of a prepared statement are cached under `cacheKey` and reused while their
    /// types match.
    func makeStorage(_ result: OpaquePointer, cacheKey: String?) -> PostgresRowStorage {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        let columns = makeColumns(result, count: columnCount, cacheKey: cacheKey)

        var totalLength = 0
        var cells = [Int](repeating: 0, count: 2 * rowCount * columnCount)
        var cell = 0
        for row in 0..<Int32(rowCount) {
            for column in 0..<Int32(columnCount) {
                if PQgetisnull(result, row, column) == 1 {
                    cells[cell + 1] = -1
                } else {
                    let length = Int(PQgetlength(result, row, column))
                    cells[cell] = totalLength
                    cells[cell + 1] = length
                    totalLength += length
                }
                cell += 2
            }
        }
        let bytes = [UInt8](unsafeUninitializedCapacity: totalLength) { buffer, initialized in
            var cell = 0
            for row in 0..<Int32(rowCount) {
                for column in 0..<Int32(columnCount) {
                    let length = cells[cell + 1]
                    if length > 0, let value = PQgetvalue(result, row, column) {
                        memcpy(buffer.baseAddress! + cells[cell], value, length)
                    }
                    cell += 2
                }
            }
            initialized = totalLength
        }
        return PostgresRowStorage(
            columns: columns,
            rowCount: rowCount,
            affectedRowCount: Self.affectedRowCount(result),
            commandTag: PQcmdStatus(result).map { String(cString: $0) } ?? "",
            bytes: bytes,
            cells: cells
        )
    }

    private func makeColumns(_ result: OpaquePointer, count: Int, cacheKey: String?) -> PostgresColumns {
        if let cacheKey, let cached = columnCache[cacheKey], cached.count == count,
            (0..<count).allSatisfy({ cached.dataTypes[$0].rawValue == PQftype(result, Int32($0)) })
        {
            return cached
        }
        var names = [String]()
        var types = [PostgresDataType]()
        names.reserveCapacity(count)
        types.reserveCapacity(count)
        for column in 0..<Int32(count) {
            names.append(PQfname(result, column).map { String(cString: $0) } ?? "")
            types.append(PostgresDataType(PQftype(result, column)))
        }
        let columns = PostgresColumns(names: names, dataTypes: types)
        if let cacheKey { columnCache[cacheKey] = columns }
        return columns
    }

    private static func affectedRowCount(_ result: OpaquePointer) -> Int {
        guard let text = PQcmdTuples(result) else { return 0 }
        var value = 0
        var pointer = text
        while pointer.pointee >= 48, pointer.pointee <= 57 {
            value = value * 10 + Int(pointer.pointee - 48)
            pointer += 1
        }
        return value
    }

    /// The server's error in a `PGRES_FATAL_ERROR` result, with every diagnostic field.
    func makeServerError(_ result: OpaquePointer, sql: String) -> PostgresError {
        func field(_ code: Character) -> String? {
            guard let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return String(cString: value)
        }
        let sqlState = field("C")
        let message = field("M") ?? PQresultErrorMessage(result).map { String(cString: $0) }
        let isConnectionLost = sqlState == nil && PQstatus(handle) == CONNECTION_BAD
        var error = PostgresError(
            isConnectionLost ? .connectionClosed : .queryFailed,
            message: message?.trimmingSpacesAndNewlines(),
            sqlState: sqlState,
            query: sql
        )
        error.detail = field("D")
        error.hint = field("H")
        error.schema = field("s")
        error.table = field("t")
        error.column = field("c")
        error.constraint = field("n")
        if let sqlState, sqlState.hasPrefix("08") || sqlState.hasPrefix("57P") {
            error.code = .connectionClosed
        }
        return error
    }
}
