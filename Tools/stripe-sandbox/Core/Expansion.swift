/// Applies `expand[]`: each dotted path names an expandable member holding an object id (`latest_charge`,
/// `data.customer`, `latest_charge.balance_transaction`, `transfer_data.destination`) that is replaced by the
/// object.
///
/// Only the members Stripe documents as expandable can be expanded (``expandable``); anything else — metadata,
/// descriptions, ids in free text — is a 400, so expansion can never be used to read objects by id. Objects are
/// looked up in the caller's account only; accounts (`acct_…`, stored under the platform) are found for the
/// platform, or for a connected account when it is the account itself. An id whose object no longer exists
/// (a deleted customer) stays an id.
struct Expansion {
    let store: ObjectStore
    let account: String
    let platform: String

    /// The most objects one request may expand.
    static let maxLookups = 500

    /// The expandable members of each object type (dotted for members of nested hashes).
    static let expandable: [String: Set<String>] = [
        "payment_intent": [
            "customer", "payment_method", "latest_charge", "on_behalf_of", "transfer_data.destination", "application",
            "review",
        ],
        "charge": [
            "customer", "payment_intent", "balance_transaction", "application_fee", "on_behalf_of", "transfer",
            "transfer_data.destination", "failure_balance_transaction", "review", "application", "source_transfer",
        ],
        "refund": [
            "charge", "payment_intent", "balance_transaction", "failure_balance_transaction", "transfer_reversal",
            "source_transfer_reversal",
        ],
        "customer": ["default_source", "test_clock", "invoice_settings.default_payment_method"],
        "payment_method": ["customer"],
        "setup_intent": ["customer", "payment_method", "latest_attempt", "on_behalf_of", "mandate", "application"],
        "subscription": [
            "customer", "default_payment_method", "latest_invoice", "test_clock", "on_behalf_of", "default_source",
            "application", "pending_setup_intent", "schedule",
        ],
        "invoice": [
            "customer", "default_payment_method", "test_clock", "on_behalf_of", "default_source", "application",
        ],
        "price": ["product"],
        "product": ["default_price"],
        "dispute": ["charge", "payment_intent"],
        "balance_transaction": ["source"],
        "payout": [
            "balance_transaction", "destination", "failure_balance_transaction", "original_payout", "reversed_by",
        ],
        "application_fee": ["account", "balance_transaction", "charge", "originating_transaction", "application"],
        "transfer": ["balance_transaction", "destination", "destination_payment", "source_transaction"],
    ]

    func expand(_ value: JSON, paths: [String]) async throws -> JSON {
        var budget = Self.maxLookups
        let split = paths.map { $0.split(separator: ".", omittingEmptySubsequences: false).map(String.init) }
        for path in split where path.count > 4 || path.contains(where: \.isEmpty) {
            throw StripeError.invalidRequest(
                "You cannot expand more than 4 levels of a property; '\(path.joined(separator: "."))' is not allowed.",
                param: "expand"
            )
        }
        return try await expand(value, paths: split, budget: &budget, owner: nil, trail: "")
    }

    /// Expands `paths` in `value`; `owner` is the type of the enclosing Stripe object and `trail` the member
    /// path from it (for nested hashes such as `transfer_data`).
    private func expand(
        _ value: JSON,
        paths: [[String]],
        budget: inout Int,
        owner: String?,
        trail: String
    ) async throws -> JSON {
        guard !paths.isEmpty else { return value }
        switch value {
        case .array(let elements):
            var expanded: [JSON] = []
            for element in elements {
                expanded.append(try await expand(element, paths: paths, budget: &budget, owner: owner, trail: trail))
            }
            return .array(expanded)
        case .object(var object):
            // A Stripe object starts a new owner; a plain hash (transfer_data) continues its parent's path.
            let type = object["object"]?.stringValue
            let isObject = type != nil && object["object"] != "list"
            let currentOwner = isObject ? type : owner
            let base = isObject ? "" : trail
            var groups: [String: [[String]]] = [:]
            var order: [String] = []
            for path in paths {
                if groups[path[0]] == nil { order.append(path[0]) }
                groups[path[0], default: []].append(Array(path.dropFirst()))
            }
            for name in order {
                let rest = groups[name]!.filter { !$0.isEmpty }
                let relative = base.isEmpty ? name : "\(base).\(name)"
                let isListData = object["object"] == "list" && name == "data"
                guard let member = object[name] else { throw Self.notExpandable(relative) }
                var resolved = member
                let allowed = currentOwner.map { Self.expandable[$0]?.contains(relative) == true } ?? false
                switch member {
                case .string(let id):
                    guard allowed else { throw Self.notExpandable(relative) }
                    if let loaded = try await load(id, budget: &budget) { resolved = .object(loaded) }
                case .null:
                    guard allowed else { throw Self.notExpandable(relative) }
                case .object:
                    // A nested hash (`transfer_data`) can only lead to an expandable member inside it; an
                    // object already expanded, or a list, can have its own members expanded.
                    if member["object"] == nil && rest.isEmpty { throw Self.notExpandable(relative) }
                case .array:
                    guard isListData || !rest.isEmpty else { throw Self.notExpandable(relative) }
                default:
                    throw Self.notExpandable(relative)
                }
                object[name] = try await expand(
                    resolved,
                    paths: rest,
                    budget: &budget,
                    owner: isListData ? nil : currentOwner,
                    trail: relative
                )
            }
            return .object(object)
        default:
            return value
        }
    }

    private static func notExpandable(_ path: String) -> StripeError {
        StripeError.invalidRequest("This property cannot be expanded (\(path)).", param: "expand")
    }

    private func load(_ id: String, budget: inout Int) async throws -> JSONObject? {
        budget -= 1
        guard budget >= 0 else {
            throw StripeError.invalidRequest("Too many objects to expand in one request.", param: "expand")
        }
        if id.hasPrefix("acct_") {
            guard account == platform || id == account else { return nil }
            return try await store.find(id, account: platform, object: "account")
        }
        return try await store.find(id, account: account)
    }
}
