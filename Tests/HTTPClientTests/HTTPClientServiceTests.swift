import HTTPClient
import HTTPCore
import LifecycleKit
import LogKit
import Testing

/// `HTTPClient` as a LifecycleKit `Service`: usable at once, shut down by graceful shutdown or cancellation.
@Suite(.timeLimit(.minutes(1)))
struct HTTPClientServiceTests {
    @Test func gracefulShutdownShutsTheClientDown() async throws {
        let client = HTTPClient(logger: Logger(label: "http-client-tests", level: .error))
        let manager = GracefulShutdownManager()
        try await PythonHTTPPeer.with { peer in
            try await GracefulShutdownManager.$current.withValue(manager) {
                async let running: Void = client.run()
                let before = try await client.get(peer.url("/status/200"))
                #expect(before.status == .ok)
                manager.triggerGracefulShutdown()
                try await running
            }
            let (error, _) = await measureError { try await client.get(peer.url("/status/200")) }
            #expect(error?.code == .shutdown)
        }
    }

    @Test func cancellingRunShutsTheClientDown() async throws {
        let client = HTTPClient(logger: Logger(label: "http-client-tests", level: .error))
        let task = Task { try await client.run() }
        task.cancel()
        try await task.value
        let (error, _) = await measureError { try await client.get("http://127.0.0.1:1/") }
        #expect(error?.code == .shutdown)
    }
}
