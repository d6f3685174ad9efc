import HTTPCore
import HTTPRouter
import MetricsKit
import TestSupport
import Testing

@Suite struct MetricsMiddlewareTests {
    @Test func countsByMethodRoutePatternAndStatus() async {
        let registry = MetricsRegistry()
        let fixture = RouterFixture()
        fixture.router.add(middleware: MetricsMiddleware(registry: registry))
        fixture.router.get("/paylinks/{id}") { _, context in
            if try context.parameters.require("id") == "missing" { throw HTTPError(.notFound) }
            return "ok"
        }
        for path in ["/paylinks/1", "/paylinks/2", "/paylinks/missing", "/random/a", "/random/b"] {
            _ = await fixture.client.execute(.get, path)
        }
        _ = await fixture.client.execute(.post, "/paylinks/1")
        _ = await fixture.client.execute(HTTPMethod(rawValue: "BREW"), "/random/c")

        let lines = registry.exposition().split(separator: "\n")
        let counters = lines.filter { $0.hasPrefix("http_requests_total") }
        #expect(
            counters == [
                #"http_requests_total{method="GET",route="/paylinks/{id}",status="200"} 2"#,
                #"http_requests_total{method="GET",route="/paylinks/{id}",status="404"} 1"#,
                #"http_requests_total{method="GET",route="unmatched",status="404"} 2"#,
                #"http_requests_total{method="OTHER",route="unmatched",status="404"} 1"#,
                #"http_requests_total{method="POST",route="/paylinks/{id}",status="405"} 1"#,
            ]
        )
        #expect(
            lines.contains(#"http_request_duration_seconds_count{method="GET",route="/paylinks/{id}",status="200"} 2"#)
        )
        #expect(
            lines.contains(
                #"http_request_duration_seconds_bucket{method="GET",route="unmatched",status="404",le="+Inf"} 2"#
            )
        )
        #expect(lines.contains("# TYPE http_request_duration_seconds histogram"))
        #expect(!lines.contains { $0.contains("/random") })
    }
}
