/// An ordered list of HTTP header fields with case-insensitive name lookup.
///
/// Field order and duplicates are preserved exactly as received or added, which matters for
/// `Set-Cookie` and for detecting conflicting duplicates such as two different `Content-Length`s.
package struct HTTPFields: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// One header field. `name` keeps the case it was given; comparisons ignore ASCII case.
    package struct Field: Sendable, Hashable {
        /// The field name, in the case it was given.
        package var name: String
        /// The field value, without surrounding whitespace.
        package var value: String
        /// Creates a field.
        package init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    private var fields: [Field]

    /// Creates an empty field list.
    package init() { fields = [] }

    /// Creates a field list from name/value pairs, in order.
    package init(_ pairs: [(String, String)]) { fields = pairs.map { Field(name: $0.0, value: $0.1) } }

    /// Creates a field list from a literal, in order.
    package init(dictionaryLiteral elements: (String, String)...) { self.init(elements) }

    /// The number of fields, counting duplicates.
    package var count: Int { fields.count }

    /// Whether there are no fields.
    package var isEmpty: Bool { fields.isEmpty }

    /// Reserves storage for at least `minimumCapacity` fields, so a parser can fill the list without regrowing.
    package mutating func reserveCapacity(_ minimumCapacity: Int) { fields.reserveCapacity(minimumCapacity) }

    package func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    /// The first value of the named field, or `nil`; setting replaces every field of that name
    /// (setting `nil` removes them).
    package subscript(_ name: String) -> String? {
        get { fields.first { $0.name.equalsIgnoringASCIICase(name) }?.value }
        set {
            if let newValue {
                set(name, to: newValue)
            } else {
                remove(name)
            }
        }
    }

    /// Every value of the named field, in order.
    package func values(for name: String) -> [String] {
        fields.compactMap { $0.name.equalsIgnoringASCIICase(name) ? $0.value : nil }
    }

    /// Whether a field with this name is present.
    package func contains(_ name: String) -> Bool { fields.contains { $0.name.equalsIgnoringASCIICase(name) } }

    /// Appends a field, keeping any existing field of the same name.
    package mutating func add(_ name: String, _ value: String) { fields.append(Field(name: name, value: value)) }

    /// Replaces every field of this name with one field carrying `value`, at the position of the first.
    package mutating func set(_ name: String, to value: String) {
        guard let index = fields.firstIndex(where: { $0.name.equalsIgnoringASCIICase(name) }) else {
            add(name, value)
            return
        }
        fields[index].value = value
        var position = 0
        fields.removeAll { field in
            defer { position += 1 }
            return position > index && field.name.equalsIgnoringASCIICase(name)
        }
    }

    /// Removes every field with this name.
    package mutating func remove(_ name: String) { fields.removeAll { $0.name.equalsIgnoringASCIICase(name) } }

    package var description: String { fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n") }
}

extension String {
    /// ASCII case-insensitive equality, the comparison HTTP uses for field names and tokens.
    package func equalsIgnoringASCIICase(_ other: String) -> Bool {
        let lhs = utf8
        let rhs = other.utf8
        guard lhs.count == rhs.count else { return false }
        for (a, b) in zip(lhs, rhs) where a != b {
            let la = (a >= 0x41 && a <= 0x5A) ? a | 0x20 : a
            let lb = (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
            if la != lb { return false }
        }
        return true
    }
}
