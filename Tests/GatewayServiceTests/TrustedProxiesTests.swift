import GatewayService
import Testing

@Suite struct TrustedProxiesTests {
    @Test func parsesAddressesAndNetworks() throws {
        let proxies = try #require(TrustedProxies(["10.0.0.0/8", "192.168.1.7", "::1", "fd00::/8"]))
        for inside in ["10.1.2.3", "192.168.1.7", "::1", "fd12::5"] { #expect(proxies.contains(inside), "\(inside)") }
        for outside in ["11.0.0.1", "192.168.1.8", "::2", "fe80::1", "nonsense", ""] {
            #expect(!proxies.contains(outside), "\(outside)")
        }
        for bad in [["10.0.0.0/33"], ["::/129"], ["example.com"], ["1.2.3.4/x"], ["1.2.3.4/8/9"]] {
            #expect(TrustedProxies(bad) == nil, "\(bad)")
        }
    }

    @Test func theClientIsTheRightMostUntrustedForwardedEntry() throws {
        let proxies = try #require(TrustedProxies(["127.0.0.1", "10.0.0.0/8"]))
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["1.1.1.1, 2.2.2.2"]) == "2.2.2.2")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["1.1.1.1, 2.2.2.2, 10.0.0.9"]) == "2.2.2.2")
        #expect(
            proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["1.1.1.1", "10.0.0.9 , 10.0.0.8"]) == "1.1.1.1"
        )
        // Everything trusted: the left-most entry.
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["10.0.0.2, 10.0.0.3"]) == "10.0.0.2")
        // Garbage ends the walk at the last trusted hop.
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["1.1.1.1, bogus, 10.0.0.3"]) == "10.0.0.3")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["bogus"]) == "127.0.0.1")
        // An untrusted peer, or no header: the peer.
        #expect(proxies.clientAddress(peer: "8.8.8.8", forwardedFor: ["1.1.1.1"]) == "8.8.8.8")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: []) == "127.0.0.1")
        #expect(TrustedProxies().clientAddress(peer: "127.0.0.1", forwardedFor: ["1.1.1.1"]) == "127.0.0.1")
    }
}
