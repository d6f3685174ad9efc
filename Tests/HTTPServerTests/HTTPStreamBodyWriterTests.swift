import HTTPCore
import HTTPServer
import Synchronization
import TestSupport
import Testing

@Suite struct HTTPStreamBodyWriterTests {
    @Test func aWriterKeptAfterItsBodyReturnedCannotWriteIntoLaterResponses() async throws {
        let stash = WriterStash()
        try await withTestServer(responder: StashingResponder(stash: stash)) { port, _ in
            let client = try await HTTPTestClient.connect(port: port)
            try await client.send(HTTPTestClient.request("GET", "/stream"))
            let first = try await client.readResponse()
            #expect(first.bodyText == "first")
            let writer = try #require(stash.writer)
            await #expect(throws: (any Error).self) { try await writer.write(Array("late".utf8)) }
            try await client.send(HTTPTestClient.request("GET", "/stream"))
            #expect(try await client.readResponse().bodyText == "first")
            await client.close()
        }
    }

    @Test func writesFromAnotherExecutorHopToTheLoop() async throws {
        try await withTestServer(responder: DetachedWritingResponder()) { port, _ in
            let client = try await HTTPTestClient.connect(port: port)
            try await client.send(HTTPTestClient.request("GET", "/"))
            let response = try await client.readResponse()
            #expect(response.body.count == 50 * 100_000)
            await client.close()
        }
    }
}

private final class WriterStash: Sendable {
    private let stored = Mutex<(any HTTPBodyWriter)?>(nil)
    var writer: (any HTTPBodyWriter)? { stored.withLock { $0 } }
    func keep(_ writer: any HTTPBodyWriter) { stored.withLock { $0 = writer } }
}

private struct StashingResponder: HTTPResponder {
    let stash: WriterStash

    func respond(to request: HTTPRequest, connection: HTTPConnectionInfo) async -> HTTPResponse {
        HTTPResponse(
            status: .ok,
            body: .stream(
                HTTPBodyStream { writer in
                    try await writer.write(Array("first".utf8))
                    stash.keep(writer)
                }
            )
        )
    }
}

/// Writes from a task on the global executor rather than the connection's loop.
private struct DetachedWritingResponder: HTTPResponder {
    func respond(to request: HTTPRequest, connection: HTTPConnectionInfo) async -> HTTPResponse {
        HTTPResponse(
            status: .ok,
            body: .stream(
                HTTPBodyStream { writer in
                    try await withTaskExecutorPreference(globalConcurrentExecutor) {
                        let chunk = [UInt8](repeating: 0x41, count: 100_000)
                        for _ in 0..<50 { try await writer.write(chunk) }
                    }
                }
            )
        )
    }
}
