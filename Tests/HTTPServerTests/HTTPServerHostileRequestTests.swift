import Foundation
import HTTPCore
import HTTPServer
import TestSupport
import Testing

@Suite struct HTTPServerHostileRequestTests {
    @Test(arguments: HostileRequest.all)
    func hostileRequestIsRefusedAndClosedWhileOthersAreServed(_ request: HostileRequest) async throws {
        try await withTestServer(.shortTimeouts) { port, _ in
            // A well-formed client connected before the hostile one (and past its first request, so that
            // only the idle timeout applies to it while it waits).
            let good = try await HTTPTestClient.connect(port: port)
            try await good.send(HTTPTestClient.request("GET", "/hello"))
            #expect(try await good.readResponse().status == 200)
            let bad = try await HTTPTestClient.connect(port: port)

            try await withThrowingTaskGroup(of: Void.self) { group in
                switch request.delivery {
                case .atOnce:
                    try await bad.send(request.bytes)
                case .trickle(let chunk, let interval, let prefix):
                    try await bad.send(Array(request.bytes[..<prefix]))
                    // The server cuts the trickle off; the sender's failure after that is expected.
                    group.addTask {
                        try? await bad.trickle(Array(request.bytes[prefix...]), chunkSize: chunk, interval: interval)
                    }
                }

                // While the bad request is in progress, the good connection is served.
                try await good.send(HTTPTestClient.request("GET", "/hello"))
                let during = try await good.readResponse()
                #expect(during.status == 200)
                #expect(during.bodyText == "Hello, World!")

                let response = try await bad.readResponse(timeout: .seconds(5))
                if request.forbidsContinue { #expect(response.status != 100, "100 Continue must not be sent") }
                #expect(response.status == request.status)
                #expect(response.closesConnection)
                #expect(response.header("Content-Type")?.hasPrefix("application/json") == true)
                let error = try #require(Self.decodeError(response.body), "body: \(response.bodyText)")
                #expect(error.code == request.code)
                #expect(!error.message.isEmpty)
                #expect(await bad.isClosedWithoutFurtherBytes(within: .seconds(3)), "the connection must be closed")
                group.cancelAll()
            }

            // And still served afterwards.
            try await good.send(HTTPTestClient.request("GET", "/hello"))
            #expect(try await good.readResponse().status == 200)
            await good.close()
            await bad.close()
        }
    }

    private struct ErrorBody: Decodable {
        struct Inner: Decodable {
            var message: String
            var code: String
        }
        var error: Inner
    }

    private static func decodeError(_ body: [UInt8]) -> ErrorBody.Inner? {
        try? JSONDecoder().decode(ErrorBody.self, from: Data(body)).error
    }
}
