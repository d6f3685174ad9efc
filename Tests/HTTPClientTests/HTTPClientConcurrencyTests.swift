import HTTPClient
import HTTPCore
import Synchronization
import Testing

/// Connection reuse, many concurrent requests, and proof that requests never occupy the cooperative pool.
@Suite(.timeLimit(.minutes(1)))
struct HTTPClientConcurrencyTests {
    @Test func sequentialRequestsReuseOneConnection() async throws {
        try await PythonHTTPPeer.with { peer in
            try await withHTTPClient { client in
                var replies: [EchoReply] = []
                for index in 0..<10 {
                    let body = Array("request \(index)".utf8)
                    let response = try await client.execute(
                        HTTPClientRequest(method: .post, url: peer.url("/echo"), body: body),
                        timeout: .seconds(10)
                    )
                    let reply = try EchoReply(response)
                    #expect(reply.bodyBytes == body)
                    replies.append(reply)
                }
                #expect(Set(replies.map(\.clientPort)).count == 1)
                #expect(replies.map(\.connectionRequests) == Array(1...10))
                #expect(replies.last?.connectionsTotal == 1)
                #expect(client.openedConnectionCount == 1)
            }
        }
    }

    @Test func fiftyConcurrentRequestsCompleteCorrectly() async throws {
        try await PythonHTTPPeer.with { peer in
            try await withHTTPClient { client in
                let replies = try await withThrowingTaskGroup(of: (Int, EchoReply).self) { group in
                    for index in 0..<50 {
                        group.addTask {
                            let response = try await client.execute(
                                HTTPClientRequest(
                                    method: .post,
                                    url: peer.url("/echo?i=\(index)"),
                                    headers: ["X-Index": "\(index)"],
                                    body: Array("body \(index)".utf8)
                                ),
                                timeout: .seconds(20)
                            )
                            #expect(response.status == .ok)
                            return (index, try EchoReply(response))
                        }
                    }
                    var replies: [Int: EchoReply] = [:]
                    for try await (index, reply) in group { replies[index] = reply }
                    return replies
                }
                #expect(replies.count == 50)
                for (index, reply) in replies {
                    #expect(reply.target == "/echo?i=\(index)")
                    #expect(reply.values("X-Index") == ["\(index)"])
                    #expect(reply.bodyBytes == Array("body \(index)".utf8))
                }
                // The connections opened for the burst stay cached (up to the cache size) and are reused.
                let opened = client.openedConnectionCount
                #expect(opened >= 1 && opened <= 50)
                _ = try await client.get(peer.url("/echo"))
                #expect(client.openedConnectionCount == opened)
            }
        }
    }

    @Test func slowRequestsDoNotOccupyTheCooperativePool() async throws {
        try await PythonHTTPPeer.with { peer in
            try await withHTTPClient { client in
                // The pool has as many threads as cores (2 here). If a request blocked a pool thread, five
                // concurrent 2 s requests would stall the counter below and take 6 s or more in all.
                let ticks = Atomic<Int>(0)
                let stop = Atomic<Bool>(false)
                let counter = Task {
                    while !stop.load(ordering: .relaxed) {
                        ticks.add(1, ordering: .relaxed)
                        await Task.yield()
                    }
                }
                let start = ContinuousClock.now
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<5 {
                        group.addTask { try await client.get(peer.url("/sleep/2000")).status.code }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                let elapsed = ContinuousClock.now - start
                let ticksWhileRequestsRan = ticks.load(ordering: .relaxed)
                stop.store(true, ordering: .relaxed)
                await counter.value
                #expect(statuses == [200, 200, 200, 200, 200])
                #expect(elapsed >= .milliseconds(1900))
                #expect(elapsed < .milliseconds(4500))
                #expect(ticksWhileRequestsRan > 1000)
            }
        }
    }
}
