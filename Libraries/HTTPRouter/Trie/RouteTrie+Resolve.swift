import Glibc
import HTTPCore

extension RouteTrie {
    /// The outcome of matching a request path and method.
    enum Resolution {
        /// A route matched: its endpoint, pattern and decoded parameters.
        case endpoint(Endpoint, pattern: String, parameters: RouteParameters)
        /// The path matched routes, none for this method (405).
        case methodNotAllowed(pattern: String, allow: String)
        /// An `OPTIONS` request for a path with routes but no explicit `OPTIONS` handler (204 + `Allow`).
        case options(pattern: String, allow: String)
        /// No route matches the path (404).
        case notFound
    }

    /// Matches a raw (percent-encoded) path and a method.
    ///
    /// Candidates are tried depth first in precedence order — literal, then `{parameter}` (in registration
    /// order), then `*`, then `**` — backtracking when a branch dead-ends, so `/a/b` beats `/a/{x}` and
    /// `/a/{x}/c` still matches `/a/b/c` when `/a/b` has no `c`. The first matching route that has the
    /// method (`HEAD` falls back to `GET`) wins; if none has it, the methods of every matching route form
    /// the `Allow` header.
    func resolve(path: Substring, method: HTTPMethod) -> Resolution {
        withMatcher(path) { matcher in
            var found: (endpoint: Int, node: Int, captures: [Matcher.Capture])?
            var candidates: [Int] = []
            _ = matcher.search(node: 0, from: 0) { node, captures in
                guard let endpoint = endpointIndex(at: node, for: method) else {
                    if !nodes[node].endpoints.isEmpty { candidates.append(node) }
                    return false
                }
                found = (endpoint, node, captures)
                return true
            }
            if let found {
                return .endpoint(
                    nodes[found.node].endpoints[found.endpoint],
                    pattern: nodes[found.node].pattern,
                    parameters: matcher.parameters(from: found.captures)
                )
            }
            guard let first = candidates.first else { return .notFound }
            let allow =
                candidates.count == 1
                ? nodes[first].allow : Self.allowHeader(for: candidates.flatMap { nodes[$0].endpoints.map(\.method) })
            if method == .options { return .options(pattern: nodes[first].pattern, allow: allow) }
            return .methodNotAllowed(pattern: nodes[first].pattern, allow: allow)
        }
    }

    /// The ``RouteOptions/maxBodyBytes`` of the route a request with this path and method would reach, without
    /// decoding parameters; `nil` when it sets none or nothing matches.
    ///
    /// Used by the server's body-limit query on the event loop: no allocation for static routes.
    func maxBodyBytes(path: Substring, method: HTTPMethod) -> Int? {
        withMatcher(path) { matcher in
            var limit: Int?
            return matcher.search(node: 0, from: 0) { node, _ in
                guard let endpoint = endpointIndex(at: node, for: method) else { return false }
                limit = nodes[node].endpoints[endpoint].options.maxBodyBytes
                return true
            }
                ? limit : nil
        }
    }

    /// The index of the endpoint serving `method` at `node` (`HEAD` falls back to `GET`).
    private func endpointIndex(at node: Int, for method: HTTPMethod) -> Int? {
        let endpoints = nodes[node].endpoints
        var get: Int?
        for index in endpoints.indices {
            if endpoints[index].method == method { return index }
            if endpoints[index].method == .get { get = index }
        }
        return method == .head ? get : nil
    }

    /// Runs `body` with a matcher over the path's bytes and the trie's storage, all borrowed.
    private func withMatcher<Result>(_ path: Substring, _ body: (inout Matcher) -> Result) -> Result {
        func run(_ pathBytes: UnsafeBufferPointer<UInt8>) -> Result {
            nodes.withUnsafeBufferPointer { nodes in
                literalBytes.withUnsafeBufferPointer { literals in
                    var matcher = Matcher(nodes: nodes, literals: literals, path: pathBytes)
                    return body(&matcher)
                }
            }
        }
        if let result = path.utf8.withContiguousStorageIfAvailable(run) { return result }
        return Array(path.utf8).withUnsafeBufferPointer(run)
    }
}

/// A depth-first walk of borrowed trie storage against one path.
private struct Matcher {
    /// A captured byte range of the path.
    enum Capture {
        case parameter(name: String, range: Range<Int>)
        case catchAll(range: Range<Int>)
    }

    let nodes: UnsafeBufferPointer<RouteTrie.Node>
    let literals: UnsafeBufferPointer<UInt8>
    let path: UnsafeBufferPointer<UInt8>
    var captures: [Capture] = []

    init(
        nodes: UnsafeBufferPointer<RouteTrie.Node>,
        literals: UnsafeBufferPointer<UInt8>,
        path: UnsafeBufferPointer<UInt8>
    ) {
        self.nodes = nodes
        self.literals = literals
        self.path = path
    }

    /// Visits every terminal node matching `path[start...]` below `node`, in precedence order, until
    /// `visit` returns `true`.
    mutating func search(node: Int, from start: Int, visit: (Int, [Capture]) -> Bool) -> Bool {
        let slash = UInt8(ascii: "/")
        var position = start
        while position < path.count && path[position] == slash { position += 1 }
        if position == path.count { return visit(node, captures) }
        var end = position
        while end < path.count && path[end] != slash { end += 1 }
        let length = end - position

        for literal in nodes[node].literals where literal.count == length {
            if memcmp(path.baseAddress! + position, literals.baseAddress! + literal.start, length) == 0,
                search(node: literal.node, from: end, visit: visit)
            {
                return true
            }
        }
        for parameter in nodes[node].parameters {
            captures.append(.parameter(name: parameter.name, range: position..<end))
            if search(node: parameter.node, from: end, visit: visit) { return true }
            captures.removeLast()
        }
        if let wildcard = nodes[node].wildcard, search(node: wildcard, from: end, visit: visit) {
            return true
        }
        if let catchAll = nodes[node].catchAll {
            captures.append(.catchAll(range: position..<path.count))
            if visit(catchAll, captures) { return true }
            captures.removeLast()
        }
        return false
    }

    /// The parameters of a match, decoded.
    func parameters(from captures: [Capture]) -> RouteParameters {
        var parameters = RouteParameters()
        for capture in captures {
            switch capture {
            case .parameter(let name, let range):
                parameters.append(name: name, value: PercentDecoding.decode(path[range], plusAsSpace: false))
            case .catchAll(let range):
                parameters.catchAll = String(decoding: path[range], as: UTF8.self)
            }
        }
        return parameters
    }
}
