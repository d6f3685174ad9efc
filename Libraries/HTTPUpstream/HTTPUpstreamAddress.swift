import NetCore

/// Where an upstream service listens: a numeric IPv4/IPv6 host (or `localhost`) and a port.
///
/// Names other than `localhost` are refused: resolving them would need `getaddrinfo`, a blocking call,
/// on every connect; internal services are addressed by IP. `localhost` means `127.0.0.1`.
/// Two addresses are equal when host and port are.
package struct HTTPUpstreamAddress: Hashable, Sendable, CustomStringConvertible {
    /// The host as given (`127.0.0.1`, `::1` or `localhost`).
    package let host: String
    /// The TCP port.
    package let port: Int
    /// The socket address connections go to.
    let socketAddress: SocketAddress
    /// The `Host` field value sent when a request has none.
    let hostField: String

    /// Creates an address from a numeric host or `localhost` and a port; `nil` for anything else.
    package init?(host: String, port: Int) {
        let numeric = host == "localhost" ? "127.0.0.1" : host
        guard (1...65535).contains(port), let address = try? SocketAddress(ipAddress: numeric, port: port) else {
            return nil
        }
        self.host = host
        self.port = port
        self.socketAddress = address
        self.hostField = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Parses `http://HOST[:PORT][/]`, where HOST is numeric (IPv6 in brackets) or `localhost`; the port
    /// defaults to 80. `nil` for other schemes, paths, queries or user info.
    ///
    /// ```swift
    /// let payments = HTTPUpstreamAddress(url: "http://127.0.0.1:8081")
    /// ```
    package init?(url: String) {
        guard url.hasPrefix("http://") else { return nil }
        var rest = url.dropFirst("http://".count)
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.isEmpty, !rest.contains("/"), !rest.contains("@"), !rest.contains("?") else { return nil }
        let host: Substring
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portText = after.dropFirst()
            }
        } else if let colon = rest.firstIndex(of: ":") {
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        } else {
            host = rest
        }
        var port = 80
        if let portText {
            guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy(\.isASCIIDigit),
                let value = Int(portText)
            else { return nil }
            port = value
        }
        self.init(host: String(host), port: port)
    }

    package var description: String { hostField }

    package static func == (lhs: HTTPUpstreamAddress, rhs: HTTPUpstreamAddress) -> Bool {
        lhs.port == rhs.port && lhs.host == rhs.host
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(host)
        hasher.combine(port)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
