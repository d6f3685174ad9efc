import HTTPCore
import HTTPRouter
import LogKit
import TestSupport
import Testing

@Suite struct RequestLoggingMiddlewareTests {
    @Test func logsOneLinePerRequestWithRouteStatusAndDuration() async throws {
        let fixture = RouterFixture()
        fixture.router.add(middleware: RequestLoggingMiddleware())
        fixture.router.get("/paylinks/{id}") { _, _ in "ok" }
        _ = await fixture.client.execute(.get, "/paylinks/secret-token?x=1", headers: ["X-Request-Id": "r-1"])
        _ = await fixture.client.execute(.delete, "/nowhere/secret", headers: ["X-Request-Id": "r-2"])

        let records = fixture.log.records.filter { $0.message == "request" }
        #expect(records.count == 2)
        let first = try #require(records.first)
        #expect(first.level == .info)
        #expect(first.metadata[LogKeys.requestID] == "r-1")
        #expect(first.metadata[LogKeys.httpMethod] == "GET")
        #expect(first.metadata[LogKeys.httpRoute] == "/paylinks/{id}")
        #expect(first.metadata[LogKeys.httpStatus] == "200")
        let duration = try #require(first.metadata[LogKeys.durationMilliseconds])
        #expect(duration.split(separator: ".").last?.count == 3 && Double(duration) != nil)
        #expect(!first.metadata.values.contains { $0.contains("secret") })
        let second = try #require(records.last)
        #expect(second.metadata[LogKeys.httpRoute] == "unmatched")
        #expect(second.metadata[LogKeys.httpStatus] == "404")
        #expect(second.metadata[LogKeys.requestID] == "r-2")
        #expect(!second.metadata.values.contains { $0.contains("secret") })
    }

    @Test func quietRoutesLogSuccessAtDebugAndFailuresAtTheNormalLevel() async throws {
        let fixture = RouterFixture()
        fixture.router.add(middleware: RequestLoggingMiddleware(quietRoutes: ["/feed"]))
        fixture.router.get("/feed") { request, _ in
            guard request.query.isEmpty else { throw HTTPError(.badRequest, message: "bad cursor") }
            return "ok"
        }
        fixture.router.get("/other") { _, _ in "ok" }
        _ = await fixture.client.execute(.get, "/feed")
        _ = await fixture.client.execute(.get, "/feed?after=x")
        _ = await fixture.client.execute(.get, "/other")
        let records = fixture.log.records.filter { $0.message == "request" }
        #expect(records.map(\.level) == [.debug, .info, .info])
        #expect(records.map { $0.metadata[LogKeys.httpStatus] } == ["200", "400", "200"])
    }
}
