import HTTPCore
import HTTPRouter
import TestSupport
import Testing

@Suite struct CORSMiddlewareTests {
    private func fixture(
        _ origins: CORSMiddleware<BasicRequestContext>.AllowedOrigins,
        credentials: Bool = false
    )
        -> RouterFixture<BasicRequestContext>
    {
        let fixture = RouterFixture()
        fixture.router.add(middleware: CORSMiddleware(allowedOrigins: origins, allowCredentials: credentials))
        fixture.router.get("/paylinks") { _, _ in "list" }
        fixture.router.get("/fail") { _, _ -> String in throw HTTPError(.unauthorized) }
        return fixture
    }

    @Test func answersPreflightForAllowedOrigins() async {
        let fixture = fixture(.only(["https://app.paylinks.ro"]))
        let preflight = await fixture.client.execute(
            .options,
            "/paylinks",
            headers: ["Origin": "https://app.paylinks.ro", "Access-Control-Request-Method": "POST"]
        )
        #expect(preflight.status == .noContent)
        #expect(preflight.headers["Access-Control-Allow-Origin"] == "https://app.paylinks.ro")
        #expect(preflight.headers["Access-Control-Allow-Methods"] == "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS")
        #expect(preflight.headers["Access-Control-Allow-Headers"]?.contains("Authorization") == true)
        #expect(preflight.headers["Access-Control-Max-Age"] == "600")
        #expect(preflight.headers["Vary"] == "Origin")
    }

    @Test func addsHeadersToResponsesIncludingErrors() async {
        let fixture = fixture(.only(["https://app.paylinks.ro"]))
        let ok = await fixture.client.execute(.get, "/paylinks", headers: ["Origin": "https://app.paylinks.ro"])
        #expect(ok.headers["Access-Control-Allow-Origin"] == "https://app.paylinks.ro")
        #expect(ok.headers["Access-Control-Expose-Headers"] == "Retry-After, X-Request-Id")
        let failed = await fixture.client.execute(.get, "/fail", headers: ["Origin": "https://app.paylinks.ro"])
        #expect(failed.status == .unauthorized)
        #expect(failed.headers["Access-Control-Allow-Origin"] == "https://app.paylinks.ro")
    }

    @Test func ignoresOtherOrigins() async {
        let fixture = fixture(.only(["https://app.paylinks.ro"]))
        let preflight = await fixture.client.execute(
            .options,
            "/paylinks",
            headers: ["Origin": "https://evil.example", "Access-Control-Request-Method": "POST"]
        )
        #expect(preflight.headers["Access-Control-Allow-Origin"] == nil)
        #expect(preflight.headers["Allow"] == "GET, HEAD, OPTIONS")
        let simple = await fixture.client.execute(.get, "/paylinks", headers: ["Origin": "https://evil.example"])
        #expect(simple.status == .ok)
        #expect(simple.headers["Access-Control-Allow-Origin"] == nil)
    }

    @Test func anyOriginUsesStarUnlessCredentialsAreAllowed() async {
        let star = await fixture(.any).client.execute(.get, "/paylinks", headers: ["Origin": "https://x.ro"])
        #expect(star.headers["Access-Control-Allow-Origin"] == "*")
        #expect(star.headers["Vary"] == nil)
        let echoed = await fixture(.any, credentials: true).client.execute(
            .get,
            "/paylinks",
            headers: ["Origin": "https://x.ro"]
        )
        #expect(echoed.headers["Access-Control-Allow-Origin"] == "https://x.ro")
        #expect(echoed.headers["Access-Control-Allow-Credentials"] == "true")
    }
}
