extension Bool: PostgresArrayElement {
    /// `boolean`.
    package static var postgresDataType: PostgresDataType { .bool }
    /// Binary (one byte).
    package static var postgresFormat: PostgresFormat { .binary }
    /// `boolean[]`.
    package static var postgresArrayDataType: PostgresDataType { .boolArray }

    /// Appends 1 or 0.
    package func encode(into buffer: inout [UInt8]) {
        buffer.append(self ? 1 : 0)
    }

    /// Decodes `boolean` (`t`/`f`).
    package static func decode(from bytes: Span<UInt8>, type: PostgresDataType) throws -> Bool {
        guard type == .bool else { throw PostgresDecodingError.unsupportedType(type) }
        guard bytes.count == 1 else { throw PostgresDecodingError("not a boolean") }
        switch bytes[0] {
        case UInt8(ascii: "t"): return true
        case UInt8(ascii: "f"): return false
        default: throw PostgresDecodingError("not a boolean")
        }
    }
}
