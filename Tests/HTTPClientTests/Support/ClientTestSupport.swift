import Foundation
import HTTPClient
import HTTPCore
import LogKit
import Testing

/// Runs `body` with a fresh client and always shuts the client down afterwards.
func withHTTPClient<T>(
    _ configure: (inout HTTPClientConfiguration) -> Void = { _ in },
    _ body: (HTTPClient) async throws -> T
) async throws -> T {
    var configuration = HTTPClientConfiguration()
    configure(&configuration)
    let client = HTTPClient(configuration: configuration, logger: Logger(label: "http-client-tests", level: .error))
    do {
        let result = try await body(client)
        await client.shutdown()
        return result
    } catch {
        await client.shutdown()
        throw error
    }
}

/// What the peer's `/echo` route returns.
struct EchoReply: Decodable {
    var method: String
    var target: String
    var headers: [[String]]
    var body: String
    var clientPort: Int
    var connectionRequests: Int
    var connectionsTotal: Int

    /// The body the peer received, decoded from base64.
    var bodyBytes: [UInt8] { Array(Data(base64Encoded: body) ?? Data()) }

    /// Every value the peer received for `name` (case-insensitive), in order.
    func values(_ name: String) -> [String] {
        headers.filter { $0.count == 2 && $0[0].lowercased() == name.lowercased() }.map { $0[1] }
    }

    init(_ response: HTTPClientResponse) throws {
        self = try JSONDecoder().decode(EchoReply.self, from: Data(response.body))
    }
}

/// What the peer's `/stats` route returns.
struct StatsReply: Decodable {
    var inFlight: Int
    var connectionsTotal: Int
}

extension HTTPClient {
    /// A GET with a generous timeout, for the steps of a test that are expected to succeed.
    func get(_ url: String, timeout: Duration = .seconds(10)) async throws(HTTPClientError) -> HTTPClientResponse {
        try await execute(HTTPClientRequest(method: .get, url: url), timeout: timeout)
    }

    /// Polls the peer's `/stats` until `inFlight` reaches `count` (at most ~5 s), so a test acts only once
    /// the server is really handling the slow requests.
    func waitForInFlight(_ count: Int, on peer: PythonHTTPPeer) async throws -> Bool {
        for _ in 0..<500 {
            let stats = try JSONDecoder().decode(StatsReply.self, from: Data(try await get(peer.url("/stats")).body))
            if stats.inFlight >= count { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }
}

/// Runs `operation` and returns its error (or `nil`) and how long it took, measured on
/// ``TestThreadExecutor`` so that a busy cooperative pool does not inflate the time.
/// An error that is not an ``HTTPClientError`` is recorded as a test issue and returned as `nil`.
func measureError<T>(_ operation: () async throws -> T) async -> (HTTPClientError?, Duration) {
    await withTaskExecutorPreference(TestThreadExecutor.shared) {
        let start = ContinuousClock.now
        do {
            _ = try await operation()
            return (nil, ContinuousClock.now - start)
        } catch let error as HTTPClientError {
            return (error, ContinuousClock.now - start)
        } catch {
            Issue.record("unexpected error type: \(error)")
            return (nil, ContinuousClock.now - start)
        }
    }
}
