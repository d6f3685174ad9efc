extension String: PostgresArrayElement {
    /// ``PostgresDataType/unspecified``: the server infers `text`, `varchar`, `uuid`, an enum… from the context.
    package static var postgresDataType: PostgresDataType { .unspecified }
    /// Strings travel as text.
    package static var postgresFormat: PostgresFormat { .text }
    /// Arrays of strings are sent as text array literals whose type the server infers (`text[]`, `uuid[]`…).
    package static var postgresArrayDataType: PostgresDataType { .unspecified }

    /// Appends the UTF-8 bytes.
    package func encode(into buffer: inout [UInt8]) {
        buffer.append(contentsOf: utf8)
    }

    /// Decodes the text of any text-like column: `text`, `varchar`, `char(n)`, `name`, `uuid`, `json`,
    /// `jsonb`, `xml`, and user-defined types such as enums and `citext`.
    package static func decode(from bytes: Span<UInt8>, type: PostgresDataType) throws -> String {
        switch type {
        case .text, .varchar, .bpchar, .name, .char, .uuid, .json, .jsonb, .xml, .unknown:
            return PostgresText.string(bytes)
        default:
            guard type.isUserDefined else { throw PostgresDecodingError.unsupportedType(type) }
            return PostgresText.string(bytes)
        }
    }
}
