import Glibc
import HTTPCore
import NetCore
import TestSupport
import Testing

/// Process-level tests against the `http-test-server` executable.
@Suite(.serialized) struct HTTPServerProcessTests {
    @Test(.timeLimit(.minutes(1)))
    func sigtermDrainsAHundredSlowRequestsAndExitsZero() async throws {
        let server = try await HTTPTestServerProcess.start(arguments: ["--grace-seconds", "10"])
        defer { server.terminate() }
        let count = 100
        var clients: [HTTPTestClient] = []
        for _ in 0..<count {
            let client = try await HTTPTestClient.connect(port: server.port)
            try await client.send(HTTPTestClient.request("GET", "/slow?ms=2000"))
            clients.append(client)
        }
        // Every request is accepted and inside its handler before the signal.
        let probe = try await HTTPTestClient.connect(port: server.port)
        var inFlight = 0
        for _ in 0..<100 where inFlight < count {
            try await probe.send(HTTPTestClient.request("GET", "/inflight"))
            inFlight = Int(try await probe.readResponse().bodyText) ?? 0
            if inFlight < count { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(inFlight == count)
        await probe.close()

        let signalled = Deadline.now()
        server.send(signal: SIGTERM)

        // New connections are refused (or closed without a response) once the listeners are closed.
        try await Task.sleep(for: .milliseconds(200))
        if let late = try? await HTTPTestClient.connect(port: server.port) {
            try? await late.send(HTTPTestClient.request("GET", "/hello"))
            #expect(await late.isClosedWithoutFurtherBytes(within: .seconds(5)))
        }

        let responses = try await withThrowingTaskGroup(of: HTTPTestResponse.self) { group in
            for client in clients {
                group.addTask { try await client.readResponse(timeout: .seconds(10)) }
            }
            var responses: [HTTPTestResponse] = []
            for try await response in group { responses.append(response) }
            return responses
        }
        #expect(responses.count == count)
        #expect(responses.allSatisfy { $0.status == 200 && $0.bodyText == "slow" && $0.closesConnection })

        let status = await server.waitForExit(timeout: .seconds(10))
        #expect(status == 0)
        #expect(Deadline.now() - signalled < .seconds(10))
        for client in clients { await client.close() }
    }

    @Test(.timeLimit(.minutes(2)))
    func residentMemoryStaysFlatOverAHundredThousandKeepAliveRequests() async throws {
        let server = try await HTTPTestServerProcess.start()
        defer { server.terminate() }
        let load = try await HTTPLoadGenerator.connect(port: server.port, connections: 64)
        defer { load.close() }
        let request = HTTPTestClient.request("GET", "/hello")

        // 64 × 157 ≈ 10 000 requests, then 64 × 1406 more: just over 100 000 in total.
        let warmUp = await load.run(requestsPerConnection: 157, request: request)
        #expect(warmUp.failures == 0)
        let baseline = try await server.residentMemoryKilobytes()
        let main = await load.run(requestsPerConnection: 1406, request: request)
        #expect(main.failures == 0)
        #expect(warmUp.completed + main.completed == 64 * (157 + 1406))
        #expect(main.statusCounts == [200: main.completed])
        let after = try await server.residentMemoryKilobytes()
        #expect(baseline > 0)
        #expect(Double(after) <= Double(baseline) * 1.2, "RSS grew from \(baseline) kB to \(after) kB")
        server.send(signal: SIGTERM)
        #expect(await server.waitForExit(timeout: .seconds(10)) == 0)
    }
}
