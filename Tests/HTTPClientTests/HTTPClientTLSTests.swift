import HTTPClient
import HTTPCore
import Testing

/// HTTPS against a peer with a fresh self-signed certificate: trusted through `caBundlePath`, rejected
/// without it (verification is never off).
@Suite(.timeLimit(.minutes(1)))
struct HTTPClientTLSTests {
    @Test(arguments: ["127.0.0.1", "localhost"])
    func succeedsWithTheTestCA(host: String) async throws {
        try await PythonHTTPPeer.with(tls: true) { peer in
            try await withHTTPClient {
                $0.caBundlePath = peer.certificatePath
            } _: { client in
                let response = try await client.execute(
                    HTTPClientRequest(method: .post, url: "https://\(host):\(peer.port)/echo", body: [1, 2, 3]),
                    timeout: .seconds(10)
                )
                #expect(response.status == .ok)
                #expect(try EchoReply(response).bodyBytes == [1, 2, 3])
            }
        }
    }

    @Test func failsVerificationWithoutTheTestCA() async throws {
        try await PythonHTTPPeer.with(tls: true) { peer in
            try await withHTTPClient { client in
                let (error, elapsed) = await measureError { try await client.get(peer.url("/echo")) }
                #expect(error?.code == .tlsFailed)
                #expect(error?.curlCode == 60)
                #expect(elapsed < .seconds(2))
            }
        }
    }

    @Test func plainHTTPToATLSPortIsATransportFailureNotAHang() async throws {
        try await PythonHTTPPeer.with(tls: true) { peer in
            try await withHTTPClient { client in
                let (error, elapsed) = await measureError {
                    try await client.get("http://127.0.0.1:\(peer.port)/echo", timeout: .seconds(2))
                }
                #expect(error?.code == .transport)
                #expect(elapsed < .seconds(3))
            }
        }
    }
}
