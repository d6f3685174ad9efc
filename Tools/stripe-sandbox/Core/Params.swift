/// A validated parameter value.
package indirect enum ParamValue: Sendable {
    /// The client sent an empty value: Stripe's way to unset a field.
    case empty
    case string(String)
    case int(Int64)
    case bool(Bool)
    case list([ParamValue])
    /// A nested object; `order` is the order the client sent its keys in.
    case map([String: ParamValue], order: [String])
}

/// The validated parameters of a request (or of one nested object), with typed accessors.
///
/// Accessors return `nil` for absent and for empty (unset) values; ``isUnset(_:)`` tells the two apart.
package struct Params: Sendable {
    /// The values by name.
    package let values: [String: ParamValue]
    /// The qualified name of this object (`transfer_data`), for error messages; `nil` at the top level.
    package let prefix: String?

    /// Wraps values.
    package init(values: [String: ParamValue], prefix: String?) {
        self.values = values
        self.prefix = prefix
    }

    /// `name` qualified for error messages: `transfer_data[destination]`.
    package func path(_ name: String) -> String { prefix.map { "\($0)[\(name)]" } ?? name }

    /// Whether the client sent `name` at all (even empty).
    package func has(_ name: String) -> Bool { values[name] != nil }

    /// Whether the client sent `name` empty, to unset it.
    package func isUnset(_ name: String) -> Bool {
        if case .empty? = values[name] { return true }
        return false
    }

    /// The string value.
    package func string(_ name: String) -> String? {
        if case .string(let value)? = values[name] { return value }
        return nil
    }

    /// The integer value.
    package func int(_ name: String) -> Int64? {
        if case .int(let value)? = values[name] { return value }
        return nil
    }

    /// The boolean value.
    package func bool(_ name: String) -> Bool? {
        if case .bool(let value)? = values[name] { return value }
        return nil
    }

    /// Equality filters for a list (`ObjectStore.list(filters:)`, which matches top-level members): each string
    /// parameter of `names` and each boolean parameter of `booleans` (as `"true"`/`"false"`) the client sent,
    /// keyed by its own name. `call.params.filters(["customer", "status"])`.
    package func filters(_ names: [String], booleans: [String] = []) -> [String: String] {
        var filters: [String: String] = [:]
        for name in names { if let value = string(name) { filters[name] = value } }
        for name in booleans { if let value = bool(name) { filters[name] = String(value) } }
        return filters
    }

    /// The nested object.
    package func object(_ name: String) -> Params? {
        if case .map(let members, _)? = values[name] { return Params(values: members, prefix: path(name)) }
        return nil
    }

    /// The list's elements.
    package func list(_ name: String) -> [ParamValue]? {
        if case .list(let elements)? = values[name] { return elements }
        return nil
    }

    /// The list of strings (`expand[]`, `payment_method_types[]`).
    package func strings(_ name: String) -> [String]? {
        list(name)?.compactMap { element in
            if case .string(let value) = element { return value }
            return nil
        }
    }

    /// The list of nested objects (`items[0][price]`…).
    package func objects(_ name: String) -> [Params]? {
        list(name)?.enumerated().compactMap { index, element in
            if case .map(let members, _) = element {
                return Params(values: members, prefix: "\(path(name))[\(index)]")
            }
            return nil
        }
    }

    /// The string value, or a `parameter_missing` error.
    package func requireString(_ name: String) throws(StripeError) -> String {
        guard let value = string(name) else { throw StripeError.missing(path(name)) }
        return value
    }

    /// The integer value, or a `parameter_missing` error.
    package func requireInt(_ name: String) throws(StripeError) -> Int64 {
        guard let value = int(name) else { throw StripeError.missing(path(name)) }
        return value
    }

    /// Applies `metadata` as Stripe does: each key set, an empty value removes its key, `metadata=` (empty)
    /// clears them all. Does nothing when `name` is absent.
    package func applyMetadata(to object: inout JSONObject, name: String = "metadata") {
        if isUnset(name) {
            object[name] = .object(JSONObject())
            return
        }
        guard case .map(let members, let order)? = values[name] else { return }
        var metadata = object[name]?.objectValue ?? JSONObject()
        for key in order {
            if case .string(let value)? = members[key] {
                metadata[key] = .string(value)
            } else {
                metadata.removeValue(forKey: key)
            }
        }
        object[name] = .object(metadata)
    }

    /// Sets `object[name]` from a string parameter when present (`null` when unset); returns whether it did.
    @discardableResult
    package func assignString(_ name: String, to object: inout JSONObject, as key: String? = nil) -> Bool {
        guard has(name) else { return false }
        object[key ?? name] = .string(string(name))
        return true
    }

    /// Sets `object[name]` from an integer parameter when present (`null` when unset).
    @discardableResult
    package func assignInt(_ name: String, to object: inout JSONObject, as key: String? = nil) -> Bool {
        guard has(name) else { return false }
        object[key ?? name] = .int(int(name))
        return true
    }

    /// Sets `object[name]` from a boolean parameter when present.
    @discardableResult
    package func assignBool(_ name: String, to object: inout JSONObject, as key: String? = nil) -> Bool {
        guard let value = bool(name) else { return false }
        object[key ?? name] = .bool(value)
        return true
    }

    /// The whole value as JSON (objects in the client's key order), for echoing nested params into objects.
    package func json(_ name: String) -> JSON? { values[name].map(Self.json) }

    private static func json(_ value: ParamValue) -> JSON {
        switch value {
        case .empty: .null
        case .string(let text): .string(text)
        case .int(let number): .int(number)
        case .bool(let flag): .bool(flag)
        case .list(let elements): .array(elements.map(json))
        case .map(let members, let order):
            .object(JSONObject(order.compactMap { key in members[key].map { (key, json($0)) } }))
        }
    }
}
