import HTTPUpstream
import Testing

@Suite struct HTTPUpstreamAddressTests {
    @Test(arguments: [
        ("http://127.0.0.1:8081", "127.0.0.1", 8081),
        ("http://127.0.0.1:8081/", "127.0.0.1", 8081),
        ("http://localhost:9000", "localhost", 9000),
        ("http://[::1]:8443", "::1", 8443),
        ("http://10.0.0.7", "10.0.0.7", 80),
    ])
    func parsesURLs(_ url: String, _ host: String, _ port: Int) throws {
        let address = try #require(HTTPUpstreamAddress(url: url))
        #expect(address.host == host)
        #expect(address.port == port)
    }

    @Test(arguments: [
        "https://127.0.0.1:8081", "http://payments:8081", "http://127.0.0.1:0", "http://127.0.0.1:70000",
        "http://127.0.0.1:80/path", "http://user@127.0.0.1", "http://127.0.0.1:", "http://[::1", "127.0.0.1:80",
        "http://127.0.0.1:8a",
    ])
    func refusesOtherURLs(_ url: String) {
        #expect(HTTPUpstreamAddress(url: url) == nil)
    }

    @Test func equalityUsesHostAndPort() {
        #expect(HTTPUpstreamAddress(url: "http://127.0.0.1:1") == HTTPUpstreamAddress(host: "127.0.0.1", port: 1))
        #expect(HTTPUpstreamAddress(url: "http://127.0.0.1:1") != HTTPUpstreamAddress(host: "127.0.0.1", port: 2))
    }
}
