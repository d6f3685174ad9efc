import HTTPCore

/// The path parameters captured by the matched route, percent-decoded.
///
/// `{id}` in `/paylinks/{id}` captures one segment; `%2F` decodes to `/` inside the value, and `+` stays a
/// plus. A segment whose escapes are malformed or whose bytes are not UTF-8 is kept as invalid: ``get(_:)``
/// returns `nil` for it and ``require(_:)`` throws 400.
///
/// ```swift
/// router.get("/paylinks/{id}") { request, context in
///     let id = try context.parameters.require("id")
///     let page = try context.parameters.require("page", as: Int.self)
/// }
/// ```
package struct RouteParameters: Sendable {
    private var values: [(name: String, value: String?)] = []

    /// The raw (still percent-encoded) remainder matched by a `**` catch-all, such as `a/b%20c` for
    /// `/files/**` and `/files/a/b%20c`; `nil` when the route has no catch-all.
    package internal(set) var catchAll: String?

    /// No parameters.
    package init() {}

    mutating func append(name: String, value: String?) {
        values.append((name, value))
    }

    /// Whether the route captured no parameters (and no catch-all).
    package var isEmpty: Bool { values.isEmpty && catchAll == nil }

    /// The decoded value of a parameter, or `nil` when the route has no such parameter or it was not
    /// valid percent-encoded UTF-8.
    package func get(_ name: String) -> String? {
        values.first { $0.name == name }?.value ?? nil
    }

    /// The parameter converted with `T(String)`, or `nil` when missing or not convertible.
    @_disfavoredOverload
    package func get<T: LosslessStringConvertible>(_ name: String, as type: T.Type) -> T? {
        get(name).flatMap(T.init)
    }

    /// The decoded value of a parameter.
    ///
    /// - Throws: ``HTTPError`` 400 `VALIDATION_ERROR` when the parameter is missing or not valid.
    package func require(_ name: String) throws -> String {
        guard let entry = values.first(where: { $0.name == name }) else {
            throw HTTPError(.badRequest, code: .validationError, message: "Path parameter '\(name)' is missing")
        }
        guard let value = entry.value else { throw Self.invalid(name) }
        return value
    }

    /// The parameter converted with `T(String)`, such as `Int`.
    ///
    /// - Throws: ``HTTPError`` 400 `VALIDATION_ERROR` when missing, not valid or not convertible.
    @_disfavoredOverload
    package func require<T: LosslessStringConvertible>(_ name: String, as type: T.Type) throws -> T {
        guard let value = T(try require(name)) else { throw Self.invalid(name) }
        return value
    }

    /// The parameter converted with `T(rawValue:)`, such as a `String`-backed enum.
    ///
    /// - Throws: ``HTTPError`` 400 `VALIDATION_ERROR` when missing, not valid or not a known raw value.
    package func require<T: RawRepresentable>(_ name: String, as type: T.Type) throws -> T where T.RawValue == String {
        guard let value = T(rawValue: try require(name)) else { throw Self.invalid(name) }
        return value
    }

    private static func invalid(_ name: String) -> HTTPError {
        HTTPError(.badRequest, code: .validationError, message: "Path parameter '\(name)' is invalid")
    }
}
