/// SQL text plus its parameters, built by string interpolation so that values can never become SQL.
///
/// Every interpolated value becomes a `$n` parameter sent separately from the text; the SQL string holds only
/// the placeholders:
///
/// ```swift
/// let query: PostgresQuery = "SELECT title FROM catalog.paylinks WHERE seller_id = \(sellerID) AND slug = \(slug)"
/// // query.sql == "SELECT title FROM catalog.paylinks WHERE seller_id = $1 AND slug = $2"
/// ```
///
/// Identifiers cannot be parameters. For a schema or table name the code controls, interpolate
/// `\(identifier: name)`, which double-quotes it, or, for SQL fragments the code builds itself, the explicit
/// escape hatch `\(unsafeSQL: fragment)` / ``unsafeSQL(_:)``. Never pass user input to either.
///
/// `String` parameters are sent with an unspecified type, so the server infers it from the context (`text`,
/// `uuid`, an enum…). Where there is no context — `\(name) IS NULL`, `concat(\(a), …)` — add a cast:
/// `\(name)::text IS NULL`.
package struct PostgresQuery: Sendable, Hashable {
    /// The SQL text, with `$1`, `$2`, … where values were interpolated.
    package var sql: String
    /// The values of the `$n` parameters.
    package var bindings: PostgresBindings

    /// Creates a query from SQL the code controls and its parameters.
    package init(unsafeSQL sql: String, bindings: PostgresBindings = PostgresBindings()) {
        self.sql = sql
        self.bindings = bindings
    }

    /// A query whose text is `sql` verbatim, with no parameters: the explicit escape hatch for SQL built by the
    /// code (never from input).
    package static func unsafeSQL(_ sql: String) -> PostgresQuery {
        PostgresQuery(unsafeSQL: sql)
    }
}

extension PostgresQuery: ExpressibleByStringInterpolation {
    /// Creates a query from a literal with no interpolations.
    package init(stringLiteral value: String) {
        self.init(unsafeSQL: value)
    }

    /// Creates a query from an interpolated literal.
    package init(stringInterpolation: StringInterpolation) {
        self.init(unsafeSQL: stringInterpolation.sql, bindings: stringInterpolation.bindings)
    }

    /// Builds a ``PostgresQuery``: literal text is SQL, interpolated values are parameters.
    package struct StringInterpolation: StringInterpolationProtocol, Sendable {
        /// The SQL built so far.
        package private(set) var sql: String
        /// The parameters appended so far.
        package private(set) var bindings: PostgresBindings

        /// Creates an empty builder.
        package init(literalCapacity: Int, interpolationCount: Int) {
            sql = ""
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            bindings = PostgresBindings()
        }

        /// Appends literal SQL.
        package mutating func appendLiteral(_ literal: String) {
            sql.append(literal)
        }

        /// Appends `value` as the next parameter and `$n` to the SQL.
        package mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value) {
            bindings.append(value)
            sql.append("$")
            sql.append(String(bindings.count))
        }

        /// Appends `value` as the next parameter — SQL NULL when `nil` — and `$n` to the SQL.
        package mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            bindings.append(value)
            sql.append("$")
            sql.append(String(bindings.count))
        }

        /// Appends a double-quoted identifier (schema, table, column or channel name), doubling any `"` in it.
        package mutating func appendInterpolation(identifier: String) {
            sql.append(PostgresQuery.quoteIdentifier(identifier))
        }

        /// Appends `fragment` to the SQL verbatim: only for text the code controls, never for input.
        package mutating func appendInterpolation(unsafeSQL fragment: String) {
            sql.append(fragment)
        }
    }

    /// `name` as a double-quoted SQL identifier: `a"b` becomes `"a""b"`.
    package static func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacing("\"", with: "\"\"") + "\""
    }
}

extension PostgresQuery: CustomStringConvertible, CustomDebugStringConvertible {
    /// The SQL text with its parameters' types, never their values.
    package var description: String {
        bindings.count == 0 ? sql : "\(sql) \(bindings)"
    }

    /// The same as ``description``: parameter values are never printed.
    package var debugDescription: String { "PostgresQuery(\(description))" }
}
