package import Foundation

extension UUID: PostgresArrayElement {
    /// `uuid`.
    package static var postgresDataType: PostgresDataType { .uuid }
    /// Binary (16 bytes).
    package static var postgresFormat: PostgresFormat { .binary }
    /// `uuid[]`.
    package static var postgresArrayDataType: PostgresDataType { .uuidArray }

    /// Appends the 16 bytes.
    package func encode(into buffer: inout [UInt8]) {
        withUnsafeBytes(of: uuid) { buffer.append(contentsOf: $0) }
    }

    /// Decodes `uuid` (and text columns holding a UUID).
    package static func decode(from bytes: Span<UInt8>, type: PostgresDataType) throws -> UUID {
        switch type {
        case .uuid, .text, .varchar, .bpchar, .unknown:
            guard let uuid = UUID(uuidString: PostgresText.string(bytes)) else {
                throw PostgresDecodingError("not a UUID")
            }
            return uuid
        default:
            throw PostgresDecodingError.unsupportedType(type)
        }
    }
}
