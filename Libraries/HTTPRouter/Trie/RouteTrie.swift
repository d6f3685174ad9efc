import HTTPCore

/// The compiled route table: a trie of path segments whose terminal nodes hold one endpoint per method.
///
/// Built once from the registered routes (``insert(_:method:responder:options:)`` then ``finish()``) and
/// read-only afterwards, so lookups from any thread need no lock. Matching works on the raw UTF-8 bytes of
/// the request path (see `RouteTrie+Resolve.swift`) and only allocates to hold captured parameters.
/// Deliberately not generic: endpoints refer to responders by index, so the lookup is concrete code even
/// when the router's context type is only known in another module.
struct RouteTrie: Sendable {
    /// A handler registered for one method at one node.
    struct Endpoint: Sendable {
        let method: HTTPMethod
        /// The index of the route's responder in the router's compiled responder list.
        let responder: Int
        let options: RouteOptions
    }

    /// A literal child: its bytes in ``RouteTrie/literalBytes`` and its node.
    struct Literal: Sendable {
        let start: Int
        let count: Int
        let node: Int
    }

    /// One node: its children by segment kind and, if a route ends here, its endpoints.
    struct Node: Sendable {
        var literals: [Literal] = []
        var parameters: [(name: String, node: Int)] = []
        var wildcard: Int?
        var catchAll: Int?
        var endpoints: [Endpoint] = []
        /// The normalised pattern of the routes ending here, such as `/paylinks/{id}`.
        var pattern = ""
        /// The `Allow` header value for this node, computed by ``RouteTrie/finish()``.
        var allow = ""
    }

    private(set) var nodes: [Node] = [Node()]
    /// The bytes of every literal segment, back to back, so matching compares memory without touching
    /// one array per literal.
    private(set) var literalBytes: [UInt8] = []

    /// Adds an endpoint for `method` at `pattern`.
    ///
    /// - Returns: `false` when that node already has an endpoint for `method` (the route is a duplicate).
    mutating func insert(_ pattern: RoutePattern, method: HTTPMethod, responder: Int, options: RouteOptions) -> Bool {
        var current = 0
        for segment in pattern.segments {
            current = child(of: current, for: segment)
        }
        guard !nodes[current].endpoints.contains(where: { $0.method == method }) else { return false }
        nodes[current].endpoints.append(Endpoint(method: method, responder: responder, options: options))
        nodes[current].pattern = pattern.description
        return true
    }

    /// Computes each node's `Allow` value; call once after the last insertion.
    mutating func finish() {
        for index in nodes.indices where !nodes[index].endpoints.isEmpty {
            nodes[index].allow = Self.allowHeader(for: nodes[index].endpoints.map(\.method))
        }
    }

    /// The `Allow` header for a set of registered methods: sorted, with `HEAD` when `GET` is present and
    /// always `OPTIONS` (the router answers it for every route).
    static func allowHeader(for methods: [HTTPMethod]) -> String {
        var names = Set(methods.map(\.rawValue))
        if names.contains(HTTPMethod.get.rawValue) { names.insert(HTTPMethod.head.rawValue) }
        names.insert(HTTPMethod.options.rawValue)
        return names.sorted().joined(separator: ", ")
    }

    private mutating func child(of parent: Int, for segment: RoutePattern.Segment) -> Int {
        switch segment {
        case .literal(let literal):
            let bytes = Array(literal.utf8)
            if let existing = nodes[parent].literals.first(where: {
                literalBytes[$0.start..<$0.start + $0.count].elementsEqual(bytes)
            }) {
                return existing.node
            }
            let index = appendNode()
            nodes[parent].literals.append(Literal(start: literalBytes.count, count: bytes.count, node: index))
            literalBytes.append(contentsOf: bytes)
            return index
        case .parameter(let name):
            if let existing = nodes[parent].parameters.first(where: { $0.name == name }) { return existing.node }
            let index = appendNode()
            nodes[parent].parameters.append((name, index))
            return index
        case .wildcard:
            if let existing = nodes[parent].wildcard { return existing }
            let index = appendNode()
            nodes[parent].wildcard = index
            return index
        case .catchAll:
            if let existing = nodes[parent].catchAll { return existing }
            let index = appendNode()
            nodes[parent].catchAll = index
            return index
        }
    }

    private mutating func appendNode() -> Int {
        nodes.append(Node())
        return nodes.count - 1
    }
}
