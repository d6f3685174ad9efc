extension Double: PostgresArrayElement {
    /// `double precision`.
    package static var postgresDataType: PostgresDataType { .float8 }
    /// Binary (IEEE 754, big-endian).
    package static var postgresFormat: PostgresFormat { .binary }
    /// `double precision[]`.
    package static var postgresArrayDataType: PostgresDataType { .float8Array }

    /// Appends the 8-byte IEEE 754 bit pattern, big-endian.
    package func encode(into buffer: inout [UInt8]) {
        withUnsafeBytes(of: bitPattern.bigEndian) { buffer.append(contentsOf: $0) }
    }

    /// Decodes `real`, `double precision`, `numeric` and the integer types (never use it for money).
    package static func decode(from bytes: Span<UInt8>, type: PostgresDataType) throws -> Double {
        switch type {
        case .float4, .float8, .numeric, .int2, .int4, .int8:
            let text = PostgresText.string(bytes)
            switch text {
            case "NaN": return .nan
            case "Infinity": return .infinity
            case "-Infinity": return -.infinity
            default:
                guard let value = Double(text), value.isFinite else {
                    throw PostgresDecodingError("not a number")
                }
                return value
            }
        default:
            throw PostgresDecodingError.unsupportedType(type)
        }
    }
}
