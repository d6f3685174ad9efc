package import Foundation

extension Data: PostgresEncodable, PostgresDecodable {
    /// `bytea`.
    package static var postgresDataType: PostgresDataType { .bytea }
    /// Binary (the raw bytes).
    package static var postgresFormat: PostgresFormat { .binary }

    /// Appends the bytes.
    package func encode(into buffer: inout [UInt8]) {
        buffer.append(contentsOf: self)
    }

    /// Decodes `bytea`.
    package static func decode(from bytes: Span<UInt8>, type: PostgresDataType) throws -> Data {
        Data(try [UInt8].decode(from: bytes, type: type))
    }
}
