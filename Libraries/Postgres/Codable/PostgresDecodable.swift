/// A Swift value that can be decoded from a PostgreSQL result column.
///
/// Results arrive in PostgreSQL's text representation (what `psql` prints, with `DateStyle=ISO` and
/// `TimeZone=UTC` set on every connection). A conformance parses those bytes for the column types it accepts
/// and throws ``PostgresDecodingError`` for anything else, so that decoding an `integer` column as `String` or
/// `'abc'` as `Int` fails with a clear error instead of producing a wrong value.
///
/// `Optional` decodes SQL NULL as `nil`; every other type rejects NULL.
package protocol PostgresDecodable: Sendable {
    /// Decodes a non-NULL value from its text representation.
    ///
    /// - Parameters:
    ///   - bytes: the column's text, without a terminating NUL; valid only during the call.
    ///   - type: the column's type.
    static func decode(from bytes: Span<UInt8>, type: PostgresDataType) throws -> Self

    /// The value for SQL NULL; by default it throws ``PostgresDecodingError``.
    static func decodeNull(type: PostgresDataType) throws -> Self
}

extension PostgresDecodable {
    /// Rejects NULL.
    package static func decodeNull(type: PostgresDataType) throws -> Self {
        throw PostgresDecodingError("unexpected NULL")
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    /// Decodes the wrapped type.
    package static func decode(from bytes: Span<UInt8>, type: PostgresDataType) throws -> Wrapped? {
        try Wrapped.decode(from: bytes, type: type)
    }

    /// `nil`.
    package static func decodeNull(type: PostgresDataType) throws -> Wrapped? { nil }
}

/// Why a column's value could not become the requested Swift type; ``PostgresRow`` wraps it into a
/// ``PostgresError`` with code ``PostgresError/Code/decoding`` that names the column and both types.
///
/// The reason never quotes the value (it may be personal data).
package struct PostgresDecodingError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, such as `unexpected NULL` or `not an integer`.
    package var reason: String

    /// Creates an error.
    package init(_ reason: String) { self.reason = reason }

    /// The reason.
    package var description: String { reason }

    /// The error for a column type a decoder does not accept.
    package static func unsupportedType(_ type: PostgresDataType) -> PostgresDecodingError {
        PostgresDecodingError("cannot decode from a column of type \(type)")
    }
}
