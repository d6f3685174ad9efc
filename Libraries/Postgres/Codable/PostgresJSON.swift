package import Foundation

/// A `Codable` value stored as `jsonb`.
///
/// The value is encoded when the wrapper is created, so building a query cannot fail later:
///
/// ```swift
/// let metadata = try PostgresJSON(["plan": "pro"])
/// try await client.execute("UPDATE catalog.paylinks SET metadata = \(metadata) WHERE id = \(id)")
/// let (stored) = try row.decode(PostgresJSON<[String: String]>.self)
/// ```
///
/// Decoding uses a default `JSONDecoder`; for other strategies decode the column as `String` and parse it.
package struct PostgresJSON<Value: Codable & Sendable>: Sendable {
    /// The value.
    package let value: Value
    /// The value's JSON text, UTF-8.
    package let json: [UInt8]

    /// Encodes `value` with `encoder`.
    ///
    /// - Throws: what `encoder` throws.
    package init(_ value: Value, encoder: JSONEncoder = JSONEncoder()) throws {
        self.value = value
        self.json = Array(try encoder.encode(value))
    }

    private init(value: Value, json: [UInt8]) {
        self.value = value
        self.json = json
    }
}

extension PostgresJSON: PostgresEncodable, PostgresDecodable {
    /// `jsonb`.
    package static var postgresDataType: PostgresDataType { .jsonb }
    /// Binary (a version byte, 1, then the JSON text).
    package static var postgresFormat: PostgresFormat { .binary }

    /// Appends jsonb's binary form.
    package func encode(into buffer: inout [UInt8]) {
        buffer.append(1)
        buffer.append(contentsOf: json)
    }

    /// Decodes `json`, `jsonb` and text columns with a default `JSONDecoder`.
    package static func decode(from bytes: Span<UInt8>, type: PostgresDataType) throws -> PostgresJSON<Value> {
        switch type {
        case .json, .jsonb, .text, .varchar:
            let json = bytes.withUnsafeBufferPointer { Array($0) }
            do {
                return PostgresJSON(value: try JSONDecoder().decode(Value.self, from: Data(json)), json: json)
            } catch {
                throw PostgresDecodingError("JSON does not decode as \(Value.self)")
            }
        default:
            throw PostgresDecodingError.unsupportedType(type)
        }
    }
}
