/// Which service owns which public path: the one place the gateway's routing is written down (DESIGN §2).
///
/// Patterns are `/`-separated segments: a literal, `*` (exactly one segment) or a final `**` (one or more
/// segments). For a path, the most specific matching pattern wins: compared segment by segment, a literal
/// beats `*`, which beats `**`. So `/api/v1/paylinks/public/*/payment-intents` (payments) wins over
/// `/api/v1/paylinks/**` (catalog) without any ordering rules.
package struct GatewayRouteTable: Sendable {
    /// Who may call a route.
    package enum Access: Sendable, Hashable {
        /// Anyone: an anonymous caller is forwarded as anonymous (a valid token still identifies the user).
        case `public`
        /// Signed-in users only: an anonymous caller gets 401 at the gateway and nothing is forwarded.
        case protected
    }

    /// One row of the table.
    package struct Entry: Sendable, Hashable {
        /// The path pattern.
        package var pattern: String
        /// The owning service.
        package var service: UpstreamService
        /// Who may call it.
        package var access: Access

        /// Creates a row; routes are protected unless said otherwise.
        package init(_ pattern: String, _ service: UpstreamService, _ access: Access = .protected) {
            self.pattern = pattern
            self.service = service
            self.access = access
        }

        /// Whether an anonymous caller may use the route.
        package var isPublic: Bool { access == .public }
    }

    private enum Segment: Hashable {
        case literal(Substring)
        case any
        case rest
    }

    /// A trie over path segments, stored flat so the table stays a plain `Sendable` value.
    private struct Node {
        var literals: [(segment: [UInt8], child: Int)] = []
        var any: Int?
        var rest: Entry?
        var terminal: Entry?
    }

    private var nodes: [Node] = [Node()]

    /// The entries, in the order given.
    package let entries: [Entry]

    /// Compiles a table.
    ///
    /// A pattern with `**` anywhere but last, or two identical patterns, is a programming error and traps.
    package init(_ entries: [Entry]) {
        self.entries = entries
        for entry in entries {
            let segments = entry.pattern.split(separator: "/").map { part -> Segment in
                switch part {
                case "*": .any
                case "**": .rest
                default: .literal(part)
                }
            }
            precondition(!segments.dropLast().contains(.rest), "** must be last in \(entry.pattern)")
            insert(segments[...], entry: entry)
        }
    }

    private mutating func insert(_ segments: ArraySlice<Segment>, entry: Entry) {
        var node = 0
        for segment in segments {
            switch segment {
            case .rest:
                precondition(nodes[node].rest == nil, "duplicate gateway route \(entry.pattern)")
                nodes[node].rest = entry
                return
            case .any:
                if nodes[node].any == nil {
                    nodes.append(Node())
                    nodes[node].any = nodes.count - 1
                }
                node = nodes[node].any!
            case .literal(let literal):
                let bytes = Array(literal.utf8)
                if let existing = nodes[node].literals.first(where: { $0.segment == bytes }) {
                    node = existing.child
                } else {
                    nodes.append(Node())
                    nodes[node].literals.append((bytes, nodes.count - 1))
                    node = nodes.count - 1
                }
            }
        }
        precondition(nodes[node].terminal == nil, "duplicate gateway route \(entry.pattern)")
        nodes[node].terminal = entry
    }

    /// The owner of `path` (percent-encoded path without the query), or `nil` when no pattern matches.
    package func service(for path: Substring) -> UpstreamService? {
        match(path)?.service
    }

    /// The matching entry for `path`, for metrics labels and logs.
    package func match(_ path: Substring) -> Entry? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        // A path must start with `/` and have no empty segment other than a trailing slash.
        guard path.first == "/", !parts.dropLast().contains(where: \.isEmpty) else { return nil }
        let segments = parts.last?.isEmpty == true ? Array(parts.dropLast()) : Array(parts)
        // Dot segments never reach a service: what they would mean depends on who normalises the path.
        guard !segments.contains(where: { $0 == "." || $0 == ".." }) else { return nil }
        return search(node: 0, segments[...])
    }

    /// Depth first, literal before `*` before `**` at every level: the first match found is the most
    /// specific one, compared segment by segment from the left.
    private func search(node index: Int, _ segments: ArraySlice<Substring>) -> Entry? {
        let node = nodes[index]
        guard let segment = segments.first else { return node.terminal }
        let rest = segments.dropFirst()
        let count = segment.utf8.count
        for literal in node.literals where literal.segment.count == count && literal.segment.elementsEqual(segment.utf8)
        {
            if let found = search(node: literal.child, rest) { return found }
        }
        if let any = node.any, let found = search(node: any, rest) { return found }
        return node.rest
    }
}

extension GatewayRouteTable {
    /// PayLinks' routes (DESIGN §2): every public path the gateway forwards, to whom, and whether an
    /// anonymous caller may use it. Everything is protected except sign-in, the public checkout side, the
    /// Stripe publishable key, Stripe's webhooks and the ping probe.
    package static let standard = GatewayRouteTable([
        // auth: sign-in (public), the caller, API keys, settings
        Entry("/api/v1/auth/**", .auth),
        Entry("/api/v1/auth/request", .auth, .public),
        Entry("/api/v1/auth/verify", .auth, .public),
        Entry("/api/v1/auth/google/start", .auth, .public),
        Entry("/api/v1/auth/google/callback", .auth, .public),
        Entry("/api/v1/auth/google/onetap", .auth, .public),
        Entry("/api/v1/auth/api/signup", .auth, .public),
        Entry("/api/v1/auth/api/token", .auth, .public),
        Entry("/api/v1/me", .auth),
        Entry("/api/v1/me/**", .auth),
        Entry("/api/v1/settings/**", .auth),
        // catalog: payment links and their public read side, uploads, the ping probe
        Entry("/api/v1/paylinks", .catalog),
        Entry("/api/v1/paylinks/**", .catalog),
        Entry("/api/v1/paylinks/public", .catalog, .public),
        Entry("/api/v1/paylinks/public/**", .catalog, .public),
        Entry("/api/v1/uploads/**", .catalog),
        // The local storage's signed URLs carry no token: the signature is the credential (catalog checks it).
        Entry("/api/v1/uploads/local/**", .catalog, .public),
        Entry("/api/v1/ping", .catalog, .public),
        // payments: checkout money (public), transactions, customers, analytics, Stripe, disputes, subscriptions
        Entry("/api/v1/paylinks/public/*/payment-intents", .payments, .public),
        Entry("/api/v1/paylinks/public/*/payment-intents/**", .payments, .public),
        Entry("/api/v1/paylinks/public/*/subscriptions", .payments, .public),
        Entry("/api/v1/paylinks/public/*/subscriptions/**", .payments, .public),
        Entry("/api/v1/paylinks/public/*/leads", .payments, .public),
        Entry("/api/v1/stripe/pk", .payments, .public),
        Entry("/api/v1/transactions", .payments),
        Entry("/api/v1/transactions/**", .payments),
        Entry("/api/v1/customers", .payments),
        Entry("/api/v1/customers/**", .payments),
        Entry("/api/v1/analytics/**", .payments),
        Entry("/api/v1/stripe/**", .payments),
        Entry("/api/v1/disputes", .payments),
        Entry("/api/v1/disputes/**", .payments),
        Entry("/api/v1/subscriptions", .payments),
        Entry("/api/v1/subscriptions/**", .payments),
        Entry("/api/v1/purchases", .payments),
        Entry("/api/v1/purchases/**", .payments),
        Entry("/webhooks/stripe", .payments, .public),
        // messaging: broadcasts and subscribers
        Entry("/api/v1/email/**", .messaging),
    ])
}
