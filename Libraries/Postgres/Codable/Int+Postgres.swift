extension Int64: PostgresArrayElement {
    /// `bigint`.
    package static var postgresDataType: PostgresDataType { .int8 }
    /// Binary (8 bytes, big-endian).
    package static var postgresFormat: PostgresFormat { .binary }
    /// `bigint[]`.
    package static var postgresArrayDataType: PostgresDataType { .int8Array }

    /// Appends 8 big-endian bytes.
    package func encode(into buffer: inout [UInt8]) {
        withUnsafeBytes(of: bigEndian) { buffer.append(contentsOf: $0) }
    }

    /// Decodes `smallint`, `integer`, `bigint`, `oid` and integral `numeric` (such as `sum(bigint)`).
    package static func decode(from bytes: Span<UInt8>, type: PostgresDataType) throws -> Int64 {
        switch type {
        case .int2, .int4, .int8, .oid, .numeric:
            guard let value = PostgresText.int64(bytes) else {
                throw PostgresDecodingError("not an integer in Int64's range")
            }
            return value
        default:
            throw PostgresDecodingError.unsupportedType(type)
        }
    }
}

extension Int: PostgresArrayElement {
    /// `bigint`.
    package static var postgresDataType: PostgresDataType { .int8 }
    /// Binary (8 bytes, big-endian).
    package static var postgresFormat: PostgresFormat { .binary }
    /// `bigint[]`.
    package static var postgresArrayDataType: PostgresDataType { .int8Array }

    /// Appends 8 big-endian bytes.
    package func encode(into buffer: inout [UInt8]) {
        Int64(self).encode(into: &buffer)
    }

    /// Decodes what `Int64` decodes.
    package static func decode(from bytes: Span<UInt8>, type: PostgresDataType) throws -> Int {
        Int(try Int64.decode(from: bytes, type: type))
    }
}

extension Int32: PostgresArrayElement {
    /// `integer`.
    package static var postgresDataType: PostgresDataType { .int4 }
    /// Binary (4 bytes, big-endian).
    package static var postgresFormat: PostgresFormat { .binary }
    /// `integer[]`.
    package static var postgresArrayDataType: PostgresDataType { .int4Array }

    /// Appends 4 big-endian bytes.
    package func encode(into buffer: inout [UInt8]) {
        withUnsafeBytes(of: bigEndian) { buffer.append(contentsOf: $0) }
    }

    /// Decodes `smallint` and `integer` (and `bigint`/`numeric` values that fit).
    package static func decode(from bytes: Span<UInt8>, type: PostgresDataType) throws -> Int32 {
        guard let value = Int32(exactly: try Int64.decode(from: bytes, type: type)) else {
            throw PostgresDecodingError("integer out of Int32's range")
        }
        return value
    }
}

extension UInt8: PostgresArrayElement {
    /// `smallint` (PostgreSQL has no unsigned byte type). Note that `[UInt8]` is `bytea`, not `smallint[]`.
    package static var postgresDataType: PostgresDataType { .int2 }
    /// Binary (2 bytes, big-endian).
    package static var postgresFormat: PostgresFormat { .binary }
    /// Unused: `[UInt8]` is encoded as `bytea`.
    package static var postgresArrayDataType: PostgresDataType { .bytea }

    /// Appends 2 big-endian bytes.
    package func encode(into buffer: inout [UInt8]) {
        withUnsafeBytes(of: Int16(self).bigEndian) { buffer.append(contentsOf: $0) }
    }

    /// Decodes integer columns whose value fits in 0…255.
    package static func decode(from bytes: Span<UInt8>, type: PostgresDataType) throws -> UInt8 {
        guard let value = UInt8(exactly: try Int64.decode(from: bytes, type: type)) else {
            throw PostgresDecodingError("integer out of UInt8's range")
        }
        return value
    }
}
