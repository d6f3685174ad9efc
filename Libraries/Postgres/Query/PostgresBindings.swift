/// The parameters of a query: for each `$n`, its type OID, format and bytes (or NULL).
///
/// Values are kept in one contiguous buffer, so building bindings costs a handful of allocations whatever their
/// number. Their contents never appear in `description`, logs or errors.
///
/// ```swift
/// var bindings = PostgresBindings()
/// bindings.append(slug)
/// bindings.append(limit)
/// // or: PostgresBindings(slug, limit)
/// ```
package struct PostgresBindings: Sendable, Hashable, CustomStringConvertible {
    /// The type OID of each parameter.
    private(set) var oids: [UInt32] = []
    /// The format of each parameter.
    package private(set) var formats: [PostgresFormat] = []
    /// The start of each parameter in ``bytes``, or -1 for NULL.
    private(set) var offsets: [Int] = []
    /// The length of each parameter in ``bytes`` (0 for NULL); text values are followed by a NUL not counted here.
    private(set) var lengths: [Int] = []
    /// Every parameter's bytes, back to back.
    private(set) var bytes: [UInt8] = []
    /// Set when a text parameter contains a NUL byte, which PostgreSQL text cannot hold; the query then fails
    /// before reaching the server rather than sending a truncated value.
    private(set) var invalidParameterIndex: Int?

    /// Creates empty bindings.
    package init() {}

    /// Creates bindings holding `values`, in order: `PostgresBindings(slug, limit)`.
    package init<each Value: PostgresEncodable>(_ values: repeat each Value) {
        for value in repeat each values {
            append(value)
        }
    }

    /// The number of parameters.
    package var count: Int { oids.count }

    /// The type of each parameter.
    package var dataTypes: [PostgresDataType] { oids.map(PostgresDataType.init(rawValue:)) }

    /// Appends a parameter; it becomes `$count`.
    package mutating func append<Value: PostgresEncodable>(_ value: Value) {
        oids.append(Value.postgresDataType.rawValue)
        formats.append(Value.postgresFormat)
        guard !value.isPostgresNull else {
            offsets.append(-1)
            lengths.append(0)
            return
        }
        let start = bytes.count
        value.encode(into: &bytes)
        offsets.append(start)
        lengths.append(bytes.count - start)
        if Value.postgresFormat == .text {
            if invalidParameterIndex == nil, bytes[start...].contains(0) {
                invalidParameterIndex = count - 1
            }
            bytes.append(0)  // libpq reads text parameters as C strings
        }
    }

    /// Whether parameter `index` (0-based) is NULL.
    package func isNull(at index: Int) -> Bool { offsets[index] < 0 }

    /// Calls `body` with libpq's parameter arrays: type OIDs, values (C pointers into the buffer), lengths and
    /// formats.
    func withLibPQArrays<Result>(
        _ body: (
            _ types: UnsafePointer<UInt32>?,
            _ values: UnsafePointer<UnsafePointer<CChar>?>?,
            _ lengths: UnsafePointer<Int32>?,
            _ formats: UnsafePointer<Int32>?
        ) -> Result
    ) -> Result {
        let count = self.count
        guard count > 0 else { return body(nil, nil, nil, nil) }
        // An empty buffer has no base address; a one-byte buffer gives zero-length values a valid pointer.
        let storage = bytes.isEmpty ? [0] : bytes
        return storage.withUnsafeBytes { buffer in
            withUnsafeTemporaryAllocation(of: UnsafePointer<CChar>?.self, capacity: count) { values in
                withUnsafeTemporaryAllocation(of: Int32.self, capacity: count * 2) { ints in
                    for index in 0..<count {
                        let offset = offsets[index]
                        if offset < 0 {
                            values[index] = nil
                        } else {
                            values[index] = (buffer.baseAddress! + offset).assumingMemoryBound(to: CChar.self)
                        }
                        ints[index] = Int32(lengths[index])
                        ints[count + index] = formats[index].rawValue
                    }
                    return oids.withUnsafeBufferPointer { types in
                        body(
                            types.baseAddress,
                            UnsafePointer(values.baseAddress),
                            UnsafePointer(ints.baseAddress),
                            UnsafePointer(ints.baseAddress.map { $0 + count })
                        )
                    }
                }
            }
        }
    }

    /// The parameters' types, never their values: `[$1 text, $2 bigint]`.
    package var description: String {
        let parts = dataTypes.enumerated().map { "$\($0.offset + 1) \($0.element)" }
        return "[\(parts.joined(separator: ", "))]"
    }
}
