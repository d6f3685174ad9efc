/// Empty objects in the exact shape of Stripe's own examples (`Fixtures.swift`), one per object type.
///
/// Every resource starts from ``make(_:)`` and sets the fields it models, so the sandbox's objects carry the
/// fixtures' field names in their order and never invent one. In a template every scalar is `null`, every
/// array empty, every nested object a skeleton of the same kind (set it to `null` where Stripe would, such
/// as `transfer_data` on a payment intent without a transfer), embedded lists are empty lists, `metadata`
/// is `{}`, `livemode` is `false` and `object` names the type.
package enum Templates {
    /// The parsed fixtures, by object type.
    static let fixtures: [String: JSON] = {
        guard case .object(let root)? = try? JSON.parse(fixturesText), case .object(let resources)? = root["resources"]
        else { preconditionFailure("Fixtures.swift does not hold the fixtures JSON") }
        var byType: [String: JSON] = [:]
        for (name, value) in resources { byType[name] = value }
        return byType
    }()

    private static let templates: [String: JSON] = fixtures.mapValues { blank($0, key: nil) }

    /// The object types with a template.
    package static var types: [String] { templates.keys.sorted() }

    /// The blank object of `type` (a fixture name such as `payment_intent` or `test_helpers.test_clock`).
    package static func make(_ type: String) -> JSONObject {
        guard case .object(let object)? = templates[type] else { preconditionFailure("no template for \(type)") }
        return object
    }

    /// What a delete answers for the object `id` of `type` (`customer`): the `deleted_<type>` template with
    /// `deleted: true` and the id.
    package static func deleted(_ type: String, id: String) -> JSON {
        var stub = make("deleted_\(type)")
        stub["deleted"] = true
        stub["id"] = .string(id)
        return .object(stub)
    }

    /// Stripe's own example of `type`, unmodified (tests compare shapes with it).
    package static func example(_ type: String) -> JSON? { fixtures[type] }

    private static func blank(_ value: JSON, key: String?) -> JSON {
        switch value {
        case .object(let object):
            if key == "metadata" { return .object(JSONObject()) }
            if object["object"] == "list" {
                return ["object": "list", "data": [], "has_more": false, "url": object["url"] ?? .null]
            }
            var blanked = JSONObject()
            for (name, member) in object {
                switch name {
                case "object": blanked[name] = member
                case "livemode": blanked[name] = false
                default: blanked[name] = blank(member, key: name)
                }
            }
            return .object(blanked)
        case .array: return .array([])
        default: return .null
        }
    }
}
