import HTTPRouter

/// A form-encoded parameter tree as Stripe's clients send it: `amount=100`, `metadata[k]=v`,
/// `items[0][price]=p`, `expand[]=a&expand[]=b` (the bracket nesting of Rack).
package indirect enum FormValue: Sendable, Equatable {
    /// A single value (possibly empty: Stripe's way to unset a field).
    case value(String)
    /// `name[]=…` entries, in order.
    case list([FormValue])
    /// `name[key]=…` entries, in first-seen order (numeric keys too: a schema expecting an array reads
    /// `items[0]`, `items[1]`… from it).
    case map([(String, FormValue)])

    package static func == (lhs: FormValue, rhs: FormValue) -> Bool {
        switch (lhs, rhs) {
        case (.value(let a), .value(let b)): a == b
        case (.list(let a), .list(let b)): a == b
        case (.map(let a), .map(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }
}

/// Decodes `application/x-www-form-urlencoded` bodies and query strings into a ``FormValue`` map.
package enum FormDecoding {
    /// The most pairs one request may carry.
    package static let maxPairs = 2000
    /// The deepest bracket nesting accepted.
    package static let maxDepth = 8

    /// Decodes `text` (`a=1&b[c]=2`); `+` is a space, `%XX` an escaped byte.
    ///
    /// - Throws: a 400 ``StripeError`` naming the parameter for malformed names, bad escapes, too many pairs,
    ///   too deep nesting, or a name used both as a value and as a nested object.
    package static func decode(_ text: some Collection<UInt8>) throws(StripeError) -> [(String, FormValue)] {
        var root: [(String, FormValue)] = []
        var pairs = 0
        for pair in text.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            pairs += 1
            guard pairs <= maxPairs else {
                throw StripeError.invalidRequest("Too many parameters (the limit is \(maxPairs)).")
            }
            let equals = pair.firstIndex(of: UInt8(ascii: "="))
            let rawName = equals.map { pair[pair.startIndex..<$0] } ?? pair[...]
            let rawValue = equals.map { pair[pair.index(after: $0)...] } ?? pair[pair.endIndex...]
            guard let name = PercentDecoding.decode(rawName, plusAsSpace: true),
                let value = PercentDecoding.decode(rawValue, plusAsSpace: true)
            else {
                throw StripeError.invalidRequest(
                    "Invalid request: a parameter is not valid percent-encoded UTF-8 (\(String(decoding: rawName, as: UTF8.self)))."
                )
            }
            // PostgreSQL text cannot hold U+0000, and no Stripe parameter needs it.
            guard !name.utf8.contains(0), !value.utf8.contains(0) else {
                throw StripeError.invalidRequest(
                    "Invalid request: \(name.replacing("\u{0}", with: "\\u0000")) contains a NUL character.",
                    param: name.replacing("\u{0}", with: "\\u0000")
                )
            }
            let (base, segments) = try parseName(name)
            try insert(value, at: segments[...], into: &root, key: base, fullName: name)
        }
        return root
    }

    /// Splits `a[b][]` into `a` and `["b", ""]`.
    static func parseName(_ name: String) throws(StripeError) -> (String, [String]) {
        guard let open = name.firstIndex(of: "[") else {
            guard !name.isEmpty, !name.contains("]") else { throw malformed(name) }
            return (name, [])
        }
        let base = String(name[..<open])
        guard !base.isEmpty else { throw malformed(name) }
        var segments: [String] = []
        var rest = name[open...]
        while !rest.isEmpty {
            guard rest.first == "[", let close = rest.firstIndex(of: "]") else { throw malformed(name) }
            let segment = rest[rest.index(after: rest.startIndex)..<close]
            guard !segment.contains("[") else { throw malformed(name) }
            segments.append(String(segment))
            rest = rest[rest.index(after: close)...]
        }
        guard segments.count <= maxDepth else {
            throw StripeError.invalidRequest("Invalid request: \(name) is nested too deeply.", param: base)
        }
        return (base, segments)
    }

    private static func malformed(_ name: String) -> StripeError {
        StripeError.invalidRequest("Invalid request: malformed parameter name '\(name)'.", param: name)
    }

    private static func conflict(_ name: String) -> StripeError {
        StripeError.invalidRequest(
            "Invalid request: \(name) is used both as a single value and as a nested parameter.",
            param: name
        )
    }

    private static func insert(
        _ value: String,
        at segments: ArraySlice<String>,
        into map: inout [(String, FormValue)],
        key: String,
        fullName: String
    ) throws(StripeError) {
        let index = map.firstIndex { $0.0 == key }
        guard let first = segments.first else {
            // A repeated scalar: the last one wins, as in Rack.
            if let index {
                guard case .value = map[index].1 else { throw conflict(fullName) }
                map[index].1 = .value(value)
            } else {
                map.append((key, .value(value)))
            }
            return
        }
        var child: FormValue
        if let index {
            child = map[index].1
        } else {
            child = first.isEmpty ? .list([]) : .map([])
        }
        try insert(value, at: segments, into: &child, fullName: fullName)
        if let index { map[index].1 = child } else { map.append((key, child)) }
    }

    private static func insert(
        _ value: String,
        at segments: ArraySlice<String>,
        into node: inout FormValue,
        fullName: String
    ) throws(StripeError) {
        let segment = segments.first!
        let rest = segments.dropFirst()
        if segment.isEmpty {
            guard case .list(var elements) = node else { throw conflict(fullName) }
            if let next = rest.first {
                // `a[][b]=…`: fill the last element unless it already has `b` (Rack's rule).
                if case .map(var last)? = elements.last, !next.isEmpty, !last.contains(where: { $0.0 == next }) {
                    try insert(value, at: rest.dropFirst(), into: &last, key: next, fullName: fullName)
                    elements[elements.count - 1] = .map(last)
                } else {
                    var fresh: FormValue = next.isEmpty ? .list([]) : .map([])
                    try insert(value, at: rest, into: &fresh, fullName: fullName)
                    elements.append(fresh)
                }
            } else {
                elements.append(.value(value))
            }
            node = .list(elements)
        } else {
            guard case .map(var members) = node else { throw conflict(fullName) }
            try insert(value, at: rest, into: &members, key: segment, fullName: fullName)
            node = .map(members)
        }
    }
}
