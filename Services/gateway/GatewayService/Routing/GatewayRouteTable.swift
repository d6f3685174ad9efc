/// Which service owns which public path: the one place the gateway's routing is written down (DESIGN §2).
///
/// Patterns are `/`-separated segments: a literal, `*` (exactly one segment) or a final `**` (one or more
/// segments). For a path, the most specific matching pattern wins: compared segment by segment, a literal
/// beats `*`, which beats `**`. So `/api/v1/paylinks/public/*/payment-intents` (payments) wins over
/// `/api/v1/paylinks/**` (catalog) without any ordering rules.
package struct GatewayRouteTable: Sendable {
    /// One row of the table.
    package struct Entry: Sendable, Hashable {
        /// The path pattern.
        package var pattern: String
        /// The owning service.
        package var service: UpstreamService

        /// Creates a row.
        package init(_ pattern: String, _ service: UpstreamService) {
            self.pattern = pattern
            self.service = service
        }
    }

    private enum Segment: Hashable {
        case literal(Substring)
        case any
        case rest
    }

    private struct Compiled {
        var segments: [Segment]
        var entry: Entry
    }

    private let compiled: [Compiled]

    /// The entries, in the order given.
    package let entries: [Entry]

    /// Compiles a table.
    ///
    /// A pattern with `**` anywhere but last, or two identical patterns, is a programming error and traps.
    package init(_ entries: [Entry]) {
        self.entries = entries
        var seen = Set<[Segment]>()
        compiled = entries.map { entry in
            let segments = entry.pattern.split(separator: "/").map { part -> Segment in
                switch part {
                case "*": .any
                case "**": .rest
                default: .literal(part)
                }
            }
            precondition(!segments.dropLast().contains(.rest), "** must be last in \(entry.pattern)")
            precondition(segments.count <= 32, "too many segments in \(entry.pattern)")
            precondition(seen.insert(segments).inserted, "duplicate gateway route \(entry.pattern)")
            return Compiled(segments: segments, entry: entry)
        }
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
        var best: (rank: UInt64, entry: Entry)?
        for candidate in compiled {
            guard let rank = Self.rank(candidate.segments, segments) else { continue }
            if best == nil || rank < best!.rank { best = (rank, candidate.entry) }
        }
        return best?.entry
    }

    /// The specificity of `pattern` for `path` when it matches, else `nil`; smaller wins.
    ///
    /// Two bits per segment, first segment most significant (0 literal, 1 `*`, 2 `**`), so comparing the
    /// numbers compares the patterns segment by segment without allocating; patterns have at most 32 segments.
    private static func rank(_ pattern: [Segment], _ path: [Substring]) -> UInt64? {
        var rank: UInt64 = 0
        for (index, segment) in pattern.enumerated() {
            let shift = UInt64(62 - 2 * index)
            switch segment {
            case .rest:
                return index < path.count ? rank | 2 << shift : nil
            case .any:
                guard index < path.count else { return nil }
                rank |= 1 << shift
            case .literal(let literal):
                guard index < path.count, path[index].utf8.elementsEqual(literal.utf8) else { return nil }
            }
        }
        return pattern.count == path.count ? rank : nil
    }
}

extension GatewayRouteTable {
    /// PayLinks' routes (DESIGN §2): every public path the gateway forwards, and to whom.
    package static let standard = GatewayRouteTable([
        // auth: sign-in, the caller, settings
        Entry("/api/v1/auth/**", .auth),
        Entry("/api/v1/me", .auth),
        Entry("/api/v1/me/**", .auth),
        Entry("/api/v1/settings/**", .auth),
        // catalog: payment links and their public read side, uploads, the ping probe
        Entry("/api/v1/paylinks", .catalog),
        Entry("/api/v1/paylinks/**", .catalog),
        Entry("/api/v1/uploads/**", .catalog),
        Entry("/api/v1/ping", .catalog),
        // payments: checkout money, transactions, customers, analytics, Stripe, disputes, subscriptions
        Entry("/api/v1/paylinks/public/*/payment-intents", .payments),
        Entry("/api/v1/paylinks/public/*/payment-intents/**", .payments),
        Entry("/api/v1/paylinks/public/*/subscriptions", .payments),
        Entry("/api/v1/paylinks/public/*/subscriptions/**", .payments),
        Entry("/api/v1/paylinks/public/*/leads", .payments),
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
        Entry("/webhooks/stripe", .payments),
        // messaging: broadcasts and subscribers
        Entry("/api/v1/email/**", .messaging),
    ])
}
