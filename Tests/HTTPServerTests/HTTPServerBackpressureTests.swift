import HTTPCore
import HTTPServer
import NetCore
import Synchronization
import TestSupport
import Testing

@Suite struct HTTPServerBackpressureTests {
    @Test func aClientThatNeverReadsStaysBoundedAndOthersAreServed() async throws {
        var configuration = HTTPServerConfiguration.testDefault
        configuration.timeouts.write = .seconds(1)
        let responseSize = 1_000_000
        try await withTestServer(configuration) { port, server in
            let hog = try await HTTPTestClient.connect(port: port)
            // 300 pipelined requests for 1 MB each: 300 MB of responses the client never reads.
            let batch = Array(repeating: HTTPTestClient.request("GET", "/big?bytes=\(responseSize)"), count: 300)
                .flatMap { $0 }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try? await hog.send(batch) }

                var maxOutbound = 0
                var maxInbound = 0
                for _ in 0..<8 {
                    try await Task.sleep(for: .milliseconds(100))
                    let statistics = await server.statistics()
                    maxOutbound = max(maxOutbound, statistics.bufferedOutboundBytes)
                    maxInbound = max(maxInbound, statistics.bufferedInboundBytes)
                }
                // At most the high watermark plus the one response that crossed it.
                #expect(maxOutbound > 0)
                #expect(maxOutbound <= configuration.outboundHighWatermark + responseSize + 4096)
                // Unparsed pipelined requests: at most the inbound limit plus one read.
                #expect(maxInbound <= configuration.maxBufferedInboundBytes + 64 * 1024)

                // Another client is served meanwhile.
                let other = try await HTTPTestClient.connect(port: port)
                try await other.send(HTTPTestClient.request("GET", "/hello"))
                #expect(try await other.readResponse().status == 200)

                // The hog makes no write progress, so the write timeout closes it.
                var connections = Int.max
                for _ in 0..<50 where connections > 1 {
                    try await Task.sleep(for: .milliseconds(100))
                    connections = await server.statistics().connectionCount
                }
                #expect(connections == 1)
                let after = await server.statistics()
                #expect(after.bufferedOutboundBytes == 0)
                await hog.close()
                await other.close()
                group.cancelAll()
            }
        }
    }

    @Test func aStreamingWriterIsSuspendedWhileTheClientDoesNotRead() async throws {
        let producedChunks = ProducedCounter()
        let responder = StreamingResponder(counter: producedChunks)
        var configuration = HTTPServerConfiguration.testDefault
        configuration.timeouts.write = .seconds(30)
        try await withTestServer(configuration, responder: responder) { port, server in
            let client = try await HTTPTestClient.connect(port: port)
            try await client.send(HTTPTestClient.request("GET", "/endless"))
            // Wait until the producer stops (socket buffers full, writer parked), then watch it stay parked.
            var previous = -1
            var stable = false
            for _ in 0..<50 where !stable {
                try await Task.sleep(for: .milliseconds(200))
                let current = producedChunks.value
                stable = current > 0 && current == previous
                previous = current
            }
            #expect(stable, "the producer kept writing although nobody reads")
            try await Task.sleep(for: .milliseconds(300))
            #expect(producedChunks.value == previous)
            #expect(previous < 1000, "64 KiB chunks: the producer must stop after a few MB at most")
            #expect(await server.statistics().bufferedOutboundBytes <= configuration.outboundHighWatermark + 65 * 1024)
            await client.close()
        }
    }
}

/// A counter shared between the test and the responder.
private final class ProducedCounter: Sendable {
    private let count = Atomic<Int>(0)
    var value: Int { count.load(ordering: .relaxed) }
    func increment() { count.add(1, ordering: .relaxed) }
}

/// Streams 64 KiB chunks until the connection fails.
private struct StreamingResponder: HTTPResponder {
    let counter: ProducedCounter

    func respond(to request: HTTPRequest, connection: HTTPConnectionInfo) async -> HTTPResponse {
        HTTPResponse(
            status: .ok,
            body: .stream(
                HTTPBodyStream { writer in
                    let chunk = [UInt8](repeating: 0x78, count: 64 * 1024)
                    while true {
                        try await writer.write(chunk)
                        counter.increment()
                    }
                }
            )
        )
    }
}
