/// A Swift value that can be sent to PostgreSQL as a query parameter (a `$n` bind).
///
/// Conformances in this module: `String` (text, type inferred by the server), `Int`, `Int64`, `Int32`, `UInt8`,
/// `Bool`, `Double`, `[UInt8]` and `Data` (bytea), `Date` (timestamptz, millisecond precision), `UUID`,
/// ``PostgresJSON`` (jsonb), arrays of those (`[String]`, `[Int64]`, …) and `Optional` of any of them (NULL).
///
/// A conformance names the type OID and format it sends and appends the value's bytes. Binary format is used
/// where the binary representation is simple; `String` uses text format with ``PostgresDataType/unspecified``
/// so that one Swift type binds to `text`, `varchar`, `uuid`, enum and `citext` columns alike.
package protocol PostgresEncodable: Sendable {
    /// The type OID sent with the parameter.
    static var postgresDataType: PostgresDataType { get }
    /// The representation ``encode(into:)`` writes.
    static var postgresFormat: PostgresFormat { get }
    /// Whether this value is SQL NULL; only `Optional.none` is. Defaults to `false`.
    var isPostgresNull: Bool { get }
    /// Appends the value's bytes in ``postgresFormat``; never called for NULL.
    func encode(into buffer: inout [UInt8])
}

extension PostgresEncodable {
    /// Values are not NULL unless they say so.
    package var isPostgresNull: Bool { false }
}

/// A type that can also be an element of a PostgreSQL array parameter or column, such as `Int64` in `bigint[]`.
package protocol PostgresArrayElement: PostgresEncodable, PostgresDecodable {
    /// The array type whose elements have this type, such as ``PostgresDataType/int8Array``; for text-format
    /// elements with an unspecified type, ``PostgresDataType/unspecified``.
    static var postgresArrayDataType: PostgresDataType { get }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    /// The wrapped type's OID: a NULL parameter is still typed.
    package static var postgresDataType: PostgresDataType { Wrapped.postgresDataType }
    /// The wrapped type's format.
    package static var postgresFormat: PostgresFormat { Wrapped.postgresFormat }
    /// `true` for `nil`.
    package var isPostgresNull: Bool {
        switch self {
        case .none: true
        case .some(let wrapped): wrapped.isPostgresNull
        }
    }

    /// Encodes the wrapped value.
    package func encode(into buffer: inout [UInt8]) {
        if case .some(let wrapped) = self { wrapped.encode(into: &buffer) }
    }
}
