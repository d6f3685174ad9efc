import HTTPCore
import HTTPServer
import TestSupport
import Testing

/// A loop that slept longer than the header timeout must not date a new connection's deadline from before
/// the sleep (it answered 408 at once: the review of the Stripe sandbox found it on idle services).
@Suite struct HTTPServerIdleClockTests {
    @Test func aConnectionAfterAnIdlePeriodLongerThanTheHeaderTimeoutIsServed() async throws {
        try await withTestServer(.shortTimeouts) { port, _ in
            let first = try await HTTPTestClient.exchange(port: port, "GET", "/hello")
            #expect(first.status == 200)
            for _ in 0..<3 {
                // Idle for longer than the 500 ms header timeout, then a fresh connection.
                try await Task.sleep(for: .milliseconds(900))
                let response = try await HTTPTestClient.exchange(port: port, "GET", "/hello")
                #expect(response.status == 200)
                #expect(response.bodyText == "Hello, World!")
            }
        }
    }
}
