/// Arrays: one-dimensional PostgreSQL arrays of ``PostgresArrayElement``s — except `[UInt8]`, which is `bytea`.
///
/// Elements with a binary format (`Int64`, `Bool`, `Date`, `UUID`…) are sent in the binary array format with
/// the array's type OID (`bigint[]`…); `[String]` is sent as a text array literal whose type the server infers,
/// so `WHERE id = ANY(\(ids))` works for `uuid` as well as `text` columns. Arrays of optionals (NULL elements)
/// and multi-dimensional arrays are not supported.
extension Array: PostgresEncodable where Element: PostgresArrayElement {
    private static var isBytes: Bool { Element.self == UInt8.self }

    /// `bytea` for `[UInt8]`, else the element's array type.
    package static var postgresDataType: PostgresDataType {
        isBytes ? .bytea : Element.postgresArrayDataType
    }

    /// Binary for `bytea` and binary elements; text for text elements.
    package static var postgresFormat: PostgresFormat {
        isBytes ? .binary : Element.postgresFormat
    }

    /// Appends the bytes (`bytea`), the binary array format, or a text array literal.
    package func encode(into buffer: inout [UInt8]) {
        if Self.isBytes {
            withUnsafeBytes { buffer.append(contentsOf: $0) }
        } else if Element.postgresFormat == .binary {
            encodeBinary(into: &buffer)
        } else {
            encodeText(into: &buffer)
        }
    }

    private func encodeBinary(into buffer: inout [UInt8]) {
        func append(_ value: Int32) {
            Swift.withUnsafeBytes(of: value.bigEndian) { buffer.append(contentsOf: $0) }
        }
        append(isEmpty ? 0 : 1)  // dimensions
        append(0)  // no NULL elements
        append(Int32(bitPattern: Element.postgresDataType.rawValue))
        guard !isEmpty else { return }
        append(Int32(count))
        append(1)  // lower bound
        for element in self {
            let lengthAt = buffer.count
            append(0)
            let start = buffer.count
            element.encode(into: &buffer)
            let length = Int32(buffer.count - start).bigEndian
            Swift.withUnsafeBytes(of: length) { bytes in
                for offset in 0..<4 { buffer[lengthAt + offset] = bytes[offset] }
            }
        }
    }

    private func encodeText(into buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "{"))
        var element = [UInt8]()
        for (index, value) in enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            element.removeAll(keepingCapacity: true)
            value.encode(into: &element)
            buffer.append(UInt8(ascii: "\""))
            for byte in element {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { buffer.append(UInt8(ascii: "\\")) }
                buffer.append(byte)
            }
            buffer.append(UInt8(ascii: "\""))
        }
        buffer.append(UInt8(ascii: "}"))
    }
}

extension Array: PostgresDecodable where Element: PostgresArrayElement {
    /// Decodes `bytea` into `[UInt8]`, and one-dimensional arrays (`{1,2,3}`, `{"a b",c}`) element by element.
    package static func decode(from bytes: Span<UInt8>, type: PostgresDataType) throws -> [Element] {
        if Element.self == UInt8.self {
            guard type == .bytea else { throw PostgresDecodingError.unsupportedType(type) }
            guard let decoded = PostgresText.bytea(bytes) else { throw PostgresDecodingError("not bytea hex output") }
            return decoded as! [Element]
        }
        let elementType: PostgresDataType
        if let known = type.arrayElementType {
            elementType = known
        } else if type.isUserDefined {
            elementType = .unknown
        } else {
            throw PostgresDecodingError.unsupportedType(type)
        }
        return try PostgresArrayParser.parse(bytes) { element in
            switch element {
            case .null: try Element.decodeNull(type: elementType)
            case .value(let value): try Element.decode(from: value, type: elementType)
            }
        }
    }
}

/// Splits a one-dimensional array literal into its elements.
enum PostgresArrayParser {
    enum Element: ~Escapable {
        case null
        case value(Span<UInt8>)
    }

    static func parse<Value>(
        _ bytes: Span<UInt8>,
        _ decode: (borrowing Element) throws -> Value
    ) throws -> [Value] {
        let quote = UInt8(ascii: "\"")
        let backslash = UInt8(ascii: "\\")
        let comma = UInt8(ascii: ",")
        let count = bytes.count
        guard count >= 2, bytes[0] == UInt8(ascii: "{"), bytes[count - 1] == UInt8(ascii: "}") else {
            throw PostgresDecodingError("not a one-dimensional array literal")
        }
        var values = [Value]()
        var index = 1
        let end = count - 1
        guard index < end else { return values }
        var unescaped = [UInt8]()
        while true {
            if bytes[index] == quote {
                unescaped.removeAll(keepingCapacity: true)
                index += 1
                while index < end, bytes[index] != quote {
                    if bytes[index] == backslash { index += 1 }
                    guard index < end else { break }
                    unescaped.append(bytes[index])
                    index += 1
                }
                guard index < end else { throw PostgresDecodingError("unterminated quoted array element") }
                index += 1
                values.append(try decode(.value(unescaped.span)))
            } else {
                let start = index
                while index < end, bytes[index] != comma {
                    guard bytes[index] != UInt8(ascii: "{") else {
                        throw PostgresDecodingError("multi-dimensional arrays are not supported")
                    }
                    index += 1
                }
                let element = bytes.extracting(start..<index)
                if index - start == 4, PostgresText.string(element) == "NULL" {
                    values.append(try decode(.null))
                } else {
                    values.append(try decode(.value(element)))
                }
            }
            if index == end { return values }
            guard bytes[index] == comma else { throw PostgresDecodingError("malformed array literal") }
            index += 1
        }
    }
}
