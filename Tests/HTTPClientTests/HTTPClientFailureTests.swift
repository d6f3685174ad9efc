import Foundation
import HTTPClient
import HTTPCore
import LogKit
import Testing

/// Failures against a real peer: timeouts, cancellation, refused connections, size limits, bad input,
/// shutdown. Each also checks how fast the failure arrives.
@Suite(.timeLimit(.minutes(1)))
struct HTTPClientFailureTests {
    @Test func requestTimeoutFailsFastWithTimeout() async throws {
        try await PythonHTTPPeer.with { peer in
            try await withHTTPClient { client in
                let (error, elapsed) = await measureError {
                    try await client.execute(
                        HTTPClientRequest(url: peer.url("/sleep/3000")),
                        timeout: .milliseconds(300)
                    )
                }
                #expect(error?.code == .timeout)
                #expect(error?.curlCode == 28)
                #expect(elapsed >= .milliseconds(250))
                #expect(elapsed < .seconds(1))
                // The peer and the client are still fine.
                let after = try await client.get(peer.url("/status/200"))
                #expect(after.status == .ok)
            }
        }
    }

    @Test func cancellingTheTaskFailsPromptlyWithCancelled() async throws {
        try await PythonHTTPPeer.with { peer in
            try await withHTTPClient { client in
                let slow = Task(executorPreference: TestThreadExecutor.shared) {
                    try await client.execute(HTTPClientRequest(url: peer.url("/sleep/5000")), timeout: .seconds(20))
                }
                let started = try await client.waitForInFlight(1, on: peer)
                #expect(started)
                let (error, elapsed) = await measureError {
                    slow.cancel()
                    return try await slow.value
                }
                #expect(error?.code == .cancelled)
                #expect(elapsed < .seconds(1))
                let after = try await client.get(peer.url("/status/200"))
                #expect(after.status == .ok)
            }
        }
    }

    @Test func alreadyCancelledTaskNeverSends() async throws {
        try await PythonHTTPPeer.with { peer in
            try await withHTTPClient { client in
                let task = Task {
                    withUnsafeCurrentTask { $0?.cancel() }
                    return try await client.execute(HTTPClientRequest(url: peer.url("/echo")), timeout: .seconds(10))
                }
                let result = await task.result
                if case .failure(let error as HTTPClientError) = result {
                    #expect(error.code == .cancelled)
                } else {
                    Issue.record("expected cancelled, got \(result)")
                }
                // The only connection the peer ever saw is the one asking for these statistics.
                let stats = try JSONDecoder().decode(
                    StatsReply.self,
                    from: Data(try await client.get(peer.url("/stats")).body)
                )
                #expect(stats.connectionsTotal == 1)
                #expect(client.openedConnectionCount == 1)
            }
        }
    }

    @Test func closedPortFailsFastWithConnectFailed() async throws {
        try await withHTTPClient { client in
            // Port 1 (tcpmux) is not listening on a test machine; the kernel refuses at once.
            let (error, elapsed) = await measureError {
                try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:1/"), timeout: .seconds(10))
            }
            #expect(error?.code == .connectFailed)
            #expect(error?.curlCode == 7)
            #expect(error?.curlMessage?.isEmpty == false)
            // Refused at once (a few ms); the bound separates that from waiting out the 10 s connect timeout.
            #expect(elapsed < .seconds(1))
        }
    }

    @Test func responseWithTooLargeContentLengthIsRejected() async throws {
        try await PythonHTTPPeer.with { peer in
            try await withHTTPClient {
                $0.maximumResponseBodySize = 1000
            } _: { client in
                let (error, _) = await measureError { try await client.get(peer.url("/large/5000")) }
                #expect(error?.code == .responseTooLarge)
                let fits = try await client.get(peer.url("/large/1000"))
                #expect(fits.body.count == 1000)
            }
        }
    }

    @Test func headIsNotLimitedByTheAnnouncedLength() async throws {
        try await PythonHTTPPeer.with { peer in
            try await withHTTPClient {
                $0.maximumResponseBodySize = 10
            } _: { client in
                let response = try await client.execute(
                    HTTPClientRequest(method: .head, url: peer.url("/large/5000")),
                    timeout: .seconds(10)
                )
                #expect(response.status == .ok)
                #expect(response.headers["Content-Length"] == "5000")
            }
        }
    }

    @Test func tooLargeChunkedResponseIsRejected() async throws {
        try await PythonHTTPPeer.with { peer in
            try await withHTTPClient {
                $0.maximumResponseBodySize = 4000
            } _: { client in
                let (error, _) = await measureError { try await client.get(peer.url("/chunked/20000")) }
                #expect(error?.code == .responseTooLarge)
                let fits = try await client.get(peer.url("/chunked/4000"))
                #expect(fits.body == [UInt8](repeating: UInt8(ascii: "y"), count: 4000))
            }
        }
    }

    @Test(arguments: ["not a url", "ftp://127.0.0.1/file", "http://", "://missing-scheme", ""])
    func invalidURLsAreRejected(url: String) async throws {
        try await withHTTPClient { client in
            let (error, _) = await measureError {
                try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(5))
            }
            #expect(error?.code == .invalidURL)
        }
    }

    @Test func headerInjectionIsRejectedBeforeSending() async throws {
        try await withHTTPClient { client in
            let (valueError, _) = await measureError {
                try await client.execute(
                    HTTPClientRequest(url: "http://127.0.0.1:1/", headers: ["X-A": "b\r\nX-Injected: 1"]),
                    timeout: .seconds(5)
                )
            }
            #expect(valueError?.code == .invalidRequest)
            let (nameError, _) = await measureError {
                try await client.execute(
                    HTTPClientRequest(url: "http://127.0.0.1:1/", headers: ["Bad Name": "x"]),
                    timeout: .seconds(5)
                )
            }
            #expect(nameError?.code == .invalidRequest)
        }
    }

    @Test func shutdownFailsInFlightRequestsAndLaterOnes() async throws {
        try await PythonHTTPPeer.with { peer in
            let client = HTTPClient(logger: .init(label: "http-client-tests", level: .error))
            let slow = Task(executorPreference: TestThreadExecutor.shared) {
                try await client.execute(HTTPClientRequest(url: peer.url("/sleep/5000")), timeout: .seconds(20))
            }
            let started = try await client.waitForInFlight(1, on: peer)
            #expect(started)
            let (error, elapsed) = await measureError {
                await client.shutdown()
                return try await slow.value
            }
            #expect(error?.code == .shutdown)
            #expect(elapsed < .seconds(1))
            let (later, _) = await measureError { try await client.get(peer.url("/status/200")) }
            #expect(later?.code == .shutdown)
            await client.shutdown()  // idempotent
        }
    }
}
