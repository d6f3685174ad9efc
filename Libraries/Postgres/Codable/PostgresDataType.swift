/// A PostgreSQL type, identified by its OID (`pg_type.oid`).
///
/// Parameters carry their type OID to the server; ``unspecified`` (OID 0) asks the server to infer the type
/// from the context, which is how `String` parameters work with `uuid`, enum and other text-like columns.
/// Result columns report their type OID, which decoders check.
package struct PostgresDataType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The type's OID.
    package var rawValue: UInt32

    /// Creates a type from its OID.
    package init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Creates a type from its OID.
    package init(_ rawValue: UInt32) { self.rawValue = rawValue }

    /// OID 0: let the server infer the parameter's type.
    package static let unspecified = PostgresDataType(0)
    /// `boolean`
    package static let bool = PostgresDataType(16)
    /// `bytea`
    package static let bytea = PostgresDataType(17)
    /// `"char"` (the internal one-byte type)
    package static let char = PostgresDataType(18)
    /// `name`
    package static let name = PostgresDataType(19)
    /// `bigint`
    package static let int8 = PostgresDataType(20)
    /// `smallint`
    package static let int2 = PostgresDataType(21)
    /// `integer`
    package static let int4 = PostgresDataType(23)
    /// `text`
    package static let text = PostgresDataType(25)
    /// `oid`
    package static let oid = PostgresDataType(26)
    /// `json`
    package static let json = PostgresDataType(114)
    /// `xml`
    package static let xml = PostgresDataType(142)
    /// `real`
    package static let float4 = PostgresDataType(700)
    /// `double precision`
    package static let float8 = PostgresDataType(701)
    /// `unknown` (an untyped literal)
    package static let unknown = PostgresDataType(705)
    /// `boolean[]`
    package static let boolArray = PostgresDataType(1000)
    /// `smallint[]`
    package static let int2Array = PostgresDataType(1005)
    /// `integer[]`
    package static let int4Array = PostgresDataType(1007)
    /// `text[]`
    package static let textArray = PostgresDataType(1009)
    /// `character(n)[]`
    package static let bpcharArray = PostgresDataType(1014)
    /// `character varying[]`
    package static let varcharArray = PostgresDataType(1015)
    /// `bigint[]`
    package static let int8Array = PostgresDataType(1016)
    /// `double precision[]`
    package static let float8Array = PostgresDataType(1022)
    /// `character(n)`
    package static let bpchar = PostgresDataType(1042)
    /// `character varying`
    package static let varchar = PostgresDataType(1043)
    /// `date`
    package static let date = PostgresDataType(1082)
    /// `time`
    package static let time = PostgresDataType(1083)
    /// `timestamp` (without time zone)
    package static let timestamp = PostgresDataType(1114)
    /// `timestamp[]`
    package static let timestampArray = PostgresDataType(1115)
    /// `timestamptz`
    package static let timestamptz = PostgresDataType(1184)
    /// `timestamptz[]`
    package static let timestamptzArray = PostgresDataType(1185)
    /// `interval`
    package static let interval = PostgresDataType(1186)
    /// `numeric`
    package static let numeric = PostgresDataType(1700)
    /// `uuid`
    package static let uuid = PostgresDataType(2950)
    /// `uuid[]`
    package static let uuidArray = PostgresDataType(2951)
    /// `jsonb`
    package static let jsonb = PostgresDataType(3802)
    /// `jsonb[]`
    package static let jsonbArray = PostgresDataType(3807)

    /// Whether this is a user-defined type (an enum, a domain, an extension type such as `citext`): OIDs from
    /// 16384 up are assigned by `CREATE TYPE` and extensions, never by PostgreSQL itself.
    package var isUserDefined: Bool { rawValue >= 16384 }

    /// The element type of an array type this module knows, such as ``int8`` for ``int8Array``.
    package var arrayElementType: PostgresDataType? {
        switch self {
        case .boolArray: .bool
        case .int2Array: .int2
        case .int4Array: .int4
        case .int8Array: .int8
        case .textArray: .text
        case .bpcharArray: .bpchar
        case .varcharArray: .varchar
        case .float8Array: .float8
        case .timestampArray: .timestamp
        case .timestamptzArray: .timestamptz
        case .uuidArray: .uuid
        case .jsonbArray: .jsonb
        default: nil
        }
    }

    /// The type's SQL name where this module knows it, else `oid <n>`.
    package var description: String {
        switch self {
        case .unspecified: "unspecified"
        case .bool: "boolean"
        case .bytea: "bytea"
        case .char: "\"char\""
        case .name: "name"
        case .int8: "bigint"
        case .int2: "smallint"
        case .int4: "integer"
        case .text: "text"
        case .oid: "oid"
        case .json: "json"
        case .xml: "xml"
        case .float4: "real"
        case .float8: "double precision"
        case .unknown: "unknown"
        case .bpchar: "character"
        case .varchar: "character varying"
        case .date: "date"
        case .time: "time"
        case .timestamp: "timestamp"
        case .timestamptz: "timestamptz"
        case .interval: "interval"
        case .numeric: "numeric"
        case .uuid: "uuid"
        case .jsonb: "jsonb"
        default:
            if let element = arrayElementType { "\(element)[]" } else { "oid \(rawValue)" }
        }
    }
}

/// Whether a value travels in PostgreSQL's text or binary representation.
package enum PostgresFormat: Int32, Sendable, Hashable {
    /// The text representation (what `psql` prints); results always use it.
    case text = 0
    /// The binary representation (`typsend`/`typreceive`).
    case binary = 1
}
