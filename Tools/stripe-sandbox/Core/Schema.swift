/// The type of one request parameter.
package indirect enum ParamType: Sendable {
    /// Text of at most `maxLength` characters.
    case string(maxLength: Int)
    /// A base-10 integer within the bounds.
    case integer(min: Int64?, max: Int64?)
    /// `true` or `false`.
    case boolean
    /// One of the listed strings.
    case enumeration([String])
    /// A three-letter ISO currency code (accepted in any case, stored lower case).
    case currency
    /// `metadata[key]=value` pairs (≤ 50 keys of ≤ 40 characters, values ≤ 500; an empty value unsets).
    case metadata
    /// A nested object with its own parameters.
    case object([Param])
    /// A list (`a[]=…` or `a[0]=…`) of at most `max` elements of one type.
    case array(ParamType, max: Int)
    /// An integer, or an object with `gt`, `gte`, `lt`, `lte` integers (list filters such as `created`).
    case range

    /// A string of at most 5000 characters.
    package static var string: ParamType { .string(maxLength: 5000) }
    /// Any integer.
    package static var integer: ParamType { .integer(min: nil, max: nil) }
    /// An integer ≥ `min`.
    package static func integer(min: Int64) -> ParamType { .integer(min: min, max: nil) }
    /// A list of at most 100 elements.
    package static func array(_ element: ParamType) -> ParamType { .array(element, max: 100) }
}

/// One declared parameter.
package struct Param: Sendable {
    /// The name (`amount`, `transfer_data`).
    package var name: String
    /// Its type.
    package var type: ParamType
    /// Whether it must be present (and not empty).
    package var required: Bool

    /// Declares a parameter.
    package init(_ name: String, _ type: ParamType, required: Bool = false) {
        self.name = name
        self.type = type
        self.required = required
    }
}

/// The parameters a route accepts; `expand` is always accepted, list routes add the pagination ones.
package struct Schema: Sendable {
    /// The declared parameters.
    package var params: [Param]

    /// A schema with these parameters (and `expand`).
    package init(_ params: [Param] = []) {
        self.params = params + [Param("expand", .array(.string(maxLength: 200), max: 20))]
    }

    /// A list route's schema: `limit` (1–100), `starting_after`, `ending_before`, `created`, and `params`.
    package static func list(_ params: [Param] = []) -> Schema {
        Schema(
            params + [
                Param("limit", .integer(min: 1, max: 100)),
                Param("starting_after", .string(maxLength: 255)),
                Param("ending_before", .string(maxLength: 255)),
                Param("created", .range),
            ]
        )
    }

    /// Validates decoded form parameters.
    ///
    /// - Throws: a 400 ``StripeError`` naming the first unknown, malformed or missing parameter.
    package func validate(_ form: [(String, FormValue)]) throws(StripeError) -> Params {
        Params(values: try Self.validate(form, against: params, prefix: nil), prefix: nil)
    }

    private static func qualified(_ name: String, _ prefix: String?) -> String {
        prefix.map { "\($0)[\(name)]" } ?? name
    }

    static func validate(
        _ form: [(String, FormValue)],
        against params: [Param],
        prefix: String?
    ) throws(StripeError) -> [String: ParamValue] {
        var values: [String: ParamValue] = [:]
        for (name, value) in form {
            let path = qualified(name, prefix)
            guard let param = params.first(where: { $0.name == name }) else {
                throw StripeError.invalidRequest("Received unknown parameter: \(path)", param: path)
            }
            values[name] = try validate(value, as: param.type, path: path)
        }
        for param in params where param.required {
            switch values[param.name] {
            case nil, .empty?: throw StripeError.missing(qualified(param.name, prefix))
            default: continue
            }
        }
        return values
    }

    // swiftlint:disable:next cyclomatic_complexity
    static func validate(_ value: FormValue, as type: ParamType, path: String) throws(StripeError) -> ParamValue {
        if case .value("") = value { return .empty }
        switch type {
        case .string(let maxLength):
            let text = try scalar(value, kind: "string", path: path)
            guard text.count <= maxLength else {
                throw StripeError.invalidRequest(
                    "Invalid string: \(path) must be at most \(maxLength) characters long.",
                    param: path
                )
            }
            return .string(text)
        case .integer(let minimum, let maximum):
            let text = try scalar(value, kind: "integer", path: path)
            guard let number = Int64(text) else {
                throw StripeError.invalidRequest("Invalid integer: \(text)", param: path)
            }
            if let minimum, number < minimum {
                throw StripeError.invalidRequest(
                    "This value must be greater than or equal to \(minimum).",
                    param: path
                )
            }
            if let maximum, number > maximum {
                throw StripeError.invalidRequest("This value must be less than or equal to \(maximum).", param: path)
            }
            return .int(number)
        case .boolean:
            let text = try scalar(value, kind: "boolean", path: path)
            switch text {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: throw StripeError.invalidRequest("Invalid boolean: \(text)", param: path)
            }
        case .enumeration(let allowed):
            let text = try scalar(value, kind: "string", path: path)
            guard allowed.contains(text) else {
                let list =
                    allowed.count > 1
                    ? allowed.dropLast().joined(separator: ", ") + ", or \(allowed.last!)" : allowed.joined()
                throw StripeError.invalidRequest("Invalid \(path): must be one of \(list)", param: path)
            }
            return .string(text)
        case .currency:
            let text = try scalar(value, kind: "currency", path: path).lowercased()
            guard Currencies.supported.contains(text) else {
                throw StripeError.invalidRequest(
                    "Invalid currency: \(text). Stripe currently supports these currencies: "
                        + Currencies.supported.sorted().joined(separator: ", "),
                    param: path
                )
            }
            return .string(text)
        case .metadata:
            guard case .map(let members) = value else {
                throw StripeError.invalidRequest("Invalid object", param: path)
            }
            guard members.count <= 50 else {
                throw StripeError.invalidRequest("Invalid metadata: at most 50 keys are allowed.", param: path)
            }
            var result: [String: ParamValue] = [:]
            var order: [String] = []
            for (key, member) in members {
                let memberPath = "\(path)[\(key)]"
                guard key.count <= 40 else {
                    throw StripeError.invalidRequest(
                        "Metadata keys can have up to 40 characters; '\(key)' has \(key.count).",
                        param: memberPath
                    )
                }
                let text = try scalar(member, kind: "string", path: memberPath)
                guard text.count <= 500 else {
                    throw StripeError.invalidRequest(
                        "Metadata values can have up to 500 characters.",
                        param: memberPath
                    )
                }
                order.append(key)
                result[key] = text.isEmpty ? .empty : .string(text)
            }
            return .map(result, order: order)
        case .object(let params):
            guard case .map(let members) = value else {
                throw StripeError.invalidRequest("Invalid object", param: path)
            }
            return .map(try validate(members, against: params, prefix: path), order: members.map(\.0))
        case .array(let element, let max):
            let elements: [FormValue]
            switch value {
            case .list(let list): elements = list
            case .map(let members):
                // `items[0][price]=…`: integer keys in any order.
                var indexed: [(Int, FormValue)] = []
                for (key, member) in members {
                    guard let index = Int(key), index >= 0, index < 10_000 else {
                        throw StripeError.invalidRequest("Invalid array", param: path)
                    }
                    indexed.append((index, member))
                }
                elements = indexed.sorted { $0.0 < $1.0 }.map(\.1)
            case .value: throw StripeError.invalidRequest("Invalid array", param: path)
            }
            guard elements.count <= max else {
                throw StripeError.invalidRequest("Invalid array: at most \(max) elements are allowed.", param: path)
            }
            var validated: [ParamValue] = []
            for (index, member) in elements.enumerated() {
                validated.append(try validate(member, as: element, path: "\(path)[\(index)]"))
            }
            return .list(validated)
        case .range:
            if case .value = value { return try validate(value, as: .integer, path: path) }
            return try validate(
                value,
                as: .object(["gt", "gte", "lt", "lte"].map { Param($0, .integer) }),
                path: path
            )
        }
    }

    private static func scalar(_ value: FormValue, kind: String, path: String) throws(StripeError) -> String {
        guard case .value(let text) = value else {
            throw StripeError.invalidRequest(
                "Invalid \(kind): \(path) must be a single value, not a list or object.",
                param: path
            )
        }
        return text
    }
}

/// The currencies the sandbox accepts (lower case, as Stripe writes them).
package enum Currencies {
    /// Accepted currency codes.
    package static let supported: Set<String> = [
        "ron", "eur", "gbp", "usd", "chf", "pln", "huf", "czk", "sek", "nok", "dkk", "bgn", "cad", "aud",
    ]
}
