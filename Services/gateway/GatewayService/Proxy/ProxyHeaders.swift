package import HTTPCore

/// Which header fields cross the gateway, in each direction.
package enum ProxyHeaders {
    /// Connection-level fields (RFC 9110 §7.6.1) and framing: each hop sets its own.
    private static let hopByHop: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
        "content-length", "expect", "host",
    ]

    /// Fields a client may not send to a service: the gateway alone speaks for the caller (identity,
    /// request id, client address), and the bearer token stays at the edge.
    private static let gatewayOwned: Set<String> = [
        "authorization", "x-request-id", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "forwarded",
        "x-real-ip",
    ]

    /// Fields the gateway sets on the way back (the router adds its own `X-Request-Id`, the server `Date`).
    private static let responseOwned: Set<String> = ["x-request-id", "date", "server"]

    /// The client's fields as a service receives them, before the gateway adds its own.
    package static func request(_ fields: HTTPFields) -> HTTPFields {
        let named = connectionTokens(fields)
        var result = HTTPFields()
        result.reserveCapacity(fields.count + 4)
        for field in fields {
            let name = field.name.lowercased()
            if hopByHop.contains(name) || gatewayOwned.contains(name) || named.contains(name) { continue }
            // Anything in our own namespace (the identity assertion above all) is the gateway's to set.
            if name.hasPrefix("x-paylinks-") { continue }
            result.add(field.name, field.value)
        }
        return result
    }

    /// A service's response fields as the client receives them.
    package static func response(_ fields: HTTPFields) -> HTTPFields {
        let named = connectionTokens(fields)
        var result = HTTPFields()
        result.reserveCapacity(fields.count)
        for field in fields {
            let name = field.name.lowercased()
            if hopByHop.contains(name) || responseOwned.contains(name) || named.contains(name) { continue }
            result.add(field.name, field.value)
        }
        return result
    }

    /// Field names listed in `Connection`, which are hop-by-hop too.
    private static func connectionTokens(_ fields: HTTPFields) -> Set<String> {
        var tokens = Set<String>()
        for value in fields.values(for: "Connection") {
            for token in value.split(separator: ",") {
                let name = token.trimmingCharacters(in: " \t").lowercased()
                if !name.isEmpty { tokens.insert(name) }
            }
        }
        return tokens
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> Substring {
        var result = self
        while let last = result.last, set.contains(last) { result.removeLast() }
        while let first = result.first, set.contains(first) { result.removeFirst() }
        return result
    }
}
