/// Applies `expand[]`: each dotted path names a member holding an object id (`latest_charge`,
/// `data.customer`, `latest_charge.balance_transaction`) that is replaced by the object, looked up in the
/// caller's account (connected accounts also in the platform's).
struct Expansion {
    let store: ObjectStore
    let account: String
    let platform: String

    /// The most objects one request may expand.
    static let maxLookups = 500

    func expand(_ value: JSON, paths: [String]) async throws -> JSON {
        var budget = Self.maxLookups
        let split = paths.map { $0.split(separator: ".", omittingEmptySubsequences: false).map(String.init) }
        for path in split where path.count > 4 || path.contains(where: \.isEmpty) {
            throw StripeError.invalidRequest(
                "You cannot expand more than 4 levels of a property; '\(path.joined(separator: "."))' is not allowed.",
                param: "expand"
            )
        }
        return try await expand(value, paths: split, budget: &budget, trail: "")
    }

    private func expand(_ value: JSON, paths: [[String]], budget: inout Int, trail: String) async throws -> JSON {
        guard !paths.isEmpty else { return value }
        switch value {
        case .array(let elements):
            var expanded: [JSON] = []
            for element in elements {
                expanded.append(try await expand(element, paths: paths, budget: &budget, trail: trail))
            }
            return .array(expanded)
        case .object(var object):
            var groups: [String: [[String]]] = [:]
            var order: [String] = []
            for path in paths {
                if groups[path[0]] == nil { order.append(path[0]) }
                groups[path[0], default: []].append(Array(path.dropFirst()))
            }
            for name in order {
                let rest = groups[name]!.filter { !$0.isEmpty }
                let qualified = trail.isEmpty ? name : "\(trail).\(name)"
                guard let member = object[name] else {
                    throw StripeError.invalidRequest(
                        "This property cannot be expanded (\(qualified)).",
                        param: "expand"
                    )
                }
                var resolved = member
                if case .string(let id) = member {
                    guard let loaded = try await load(id, budget: &budget) else {
                        throw StripeError.invalidRequest(
                            "This property cannot be expanded (\(qualified)).",
                            param: "expand"
                        )
                    }
                    resolved = .object(loaded)
                }
                object[name] = try await expand(resolved, paths: rest, budget: &budget, trail: qualified)
            }
            return .object(object)
        default:
            return value
        }
    }

    private func load(_ id: String, budget: inout Int) async throws -> JSONObject? {
        guard id.contains("_") else { return nil }
        budget -= 1
        guard budget >= 0 else {
            throw StripeError.invalidRequest("Too many objects to expand in one request.", param: "expand")
        }
        if let found = try await store.find(id, account: account) { return found }
        if account != platform { return try await store.find(id, account: platform) }
        return nil
    }
}
