import HTTPCore

/// The parameters of a query string such as `limit=20&status=a&status=b&q=caf%C3%A9+au+lait`.
///
/// Names and values are percent-decoded and `+` becomes a space; a malformed escape is kept as written.
/// Order and repeated names are preserved: the subscript returns the first value, ``values(for:)`` all.
/// A name without `=` has the empty value; empty pairs (`a&&b`) are skipped.
package struct QueryParameters: Sendable, Sequence {
    private var items: [(name: String, value: String)]

    /// Parses a raw query string (without the `?`); `nil` gives no parameters.
    package init(_ query: Substring?) {
        items = []
        guard let query, !query.isEmpty else { return }
        for pair in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            if let equals = pair.firstIndex(of: UInt8(ascii: "=")) {
                items.append(
                    (
                        PercentDecoding.decodeLeniently(pair[..<equals], plusAsSpace: true),
                        PercentDecoding.decodeLeniently(pair[pair.index(after: equals)...], plusAsSpace: true)
                    )
                )
            } else {
                items.append((PercentDecoding.decodeLeniently(pair, plusAsSpace: true), ""))
            }
        }
    }

    /// The number of parameters, counting repeats.
    package var count: Int { items.count }

    /// Whether there are no parameters.
    package var isEmpty: Bool { items.isEmpty }

    /// The first value of a parameter, or `nil` when absent.
    package subscript(_ name: String) -> String? {
        items.first { $0.name == name }?.value
    }

    /// Every value of a repeated parameter, in order (`status=a&status=b` gives `["a", "b"]`).
    package func values(for name: String) -> [String] {
        items.compactMap { $0.name == name ? $0.value : nil }
    }

    /// The first value converted with `T(String)`, or `nil` when absent or not convertible.
    package func get<T: LosslessStringConvertible>(_ name: String, as type: T.Type) -> T? {
        self[name].flatMap(T.init)
    }

    /// The first value converted with `T(String)`, or `nil` when absent: for optional parameters with a
    /// default, such as `let limit = try request.query.parse("limit", as: Int.self) ?? 20`.
    ///
    /// - Throws: ``HTTPError`` 400 `VALIDATION_ERROR` naming the parameter when it is present but not
    ///   convertible (`limit=abc`), so a bad query value is a 400, never a 500.
    package func parse<T: LosslessStringConvertible>(_ name: String, as type: T.Type) throws -> T? {
        guard let text = self[name] else { return nil }
        guard let value = T(text) else { throw Self.invalid(name) }
        return value
    }

    /// The first value converted with `T(String)`.
    ///
    /// - Throws: ``HTTPError`` 400 `VALIDATION_ERROR` naming the parameter when it is absent or not convertible.
    package func require<T: LosslessStringConvertible>(_ name: String, as type: T.Type) throws -> T {
        guard let value = try parse(name, as: type) else {
            throw HTTPError(.badRequest, code: .validationError, message: "Query parameter '\(name)' is required")
        }
        return value
    }

    private static func invalid(_ name: String) -> HTTPError {
        HTTPError(.badRequest, code: .validationError, message: "Query parameter '\(name)' is invalid")
    }

    package func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { items.makeIterator() }
}
