import Glibc
import HTTPCore

/// The proxies (load balancers) in front of the gateway whose `X-Forwarded-For` is believed, and the rule
/// that turns a request into its client IP.
///
/// With no proxies configured (the default) the client is the TCP peer and `X-Forwarded-For` is ignored,
/// so nobody can pick their own rate limit key. When the peer is a trusted proxy, the client is the
/// right-most `X-Forwarded-For` entry that is not itself trusted: entries to its left were written by the
/// client and prove nothing.
package struct TrustedProxies: Sendable {
    private struct Network: Sendable {
        var address: [UInt8]
        var prefixLength: Int

        func contains(_ other: [UInt8]) -> Bool {
            guard other.count == address.count else { return false }
            var bits = prefixLength
            var index = 0
            while bits > 0 {
                let mask: UInt8 = bits >= 8 ? 0xFF : ~(0xFF >> UInt8(bits))
                if other[index] & mask != address[index] & mask { return false }
                bits -= 8
                index += 1
            }
            return true
        }
    }

    private let networks: [Network]

    /// No trusted proxies.
    package init() { networks = [] }

    /// Parses IPs and CIDRs such as `10.0.0.0/8`, `192.168.1.7`, `::1`, `fd00::/8`.
    ///
    /// - Returns: `nil` when an entry is neither.
    package init?(_ entries: [String]) {
        var networks: [Network] = []
        for entry in entries {
            let parts = entry.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2, let address = Self.parse(String(parts[0])) else { return nil }
            let maximum = address.count * 8
            var prefix = maximum
            if parts.count == 2 {
                guard let length = Int(parts[1]), (0...maximum).contains(length) else { return nil }
                prefix = length
            }
            networks.append(Network(address: address, prefixLength: prefix))
        }
        self.networks = networks
    }

    /// Whether any proxy is trusted.
    package var isEmpty: Bool { networks.isEmpty }

    /// Whether `address` (textual IP) is a trusted proxy.
    package func contains(_ address: some StringProtocol) -> Bool {
        guard !networks.isEmpty, let bytes = Self.parse(String(address)) else { return false }
        return networks.contains { $0.contains(bytes) }
    }

    /// The client IP for a request from `peer` with these `X-Forwarded-For` values.
    ///
    /// An entry that is not an IP address ends the walk: the last trusted hop is then the client.
    package func clientAddress(peer: String, forwardedFor values: [String]) -> String {
        guard !networks.isEmpty, !values.isEmpty, contains(peer) else { return peer }
        var client = peer
        for value in values.reversed() {
            for entry in value.split(separator: ",").reversed() {
                let candidate = entry.trimmingASCIIWhitespace()
                guard Self.parse(String(candidate)) != nil else { return client }
                client = String(candidate)
                if !contains(candidate) { return client }
            }
        }
        return client
    }

    /// The address bytes of an IPv4 (4 bytes) or IPv6 (16 bytes) text, `nil` for anything else.
    static func parse(_ text: String) -> [UInt8]? {
        if text.contains(":") {
            var address = in6_addr()
            guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
            return withUnsafeBytes(of: &address) { Array($0) }
        }
        var address = in_addr()
        guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }
}
