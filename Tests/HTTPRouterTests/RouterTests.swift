import HTTPCore
import HTTPRouter
import LogKit
import TestSupport
import Testing

@Suite struct RouterTests {
    @Test func pathParametersArePercentDecoded() async {
        let fixture = RouterFixture()
        fixture.router.get("/paylinks/{id}/items/{index}") { _, context in
            let id = try context.parameters.require("id")
            let index = try context.parameters.require("index", as: Int.self)
            return "\(id)|\(index)|\(context.route ?? "-")"
        }
        let response = await fixture.client.execute(.get, "/paylinks/a%20b%2Fc+d%C3%A9/items/7")
        #expect(response.status == .ok)
        #expect(response.text == "a b/c+dé|7|/paylinks/{id}/items/{index}")
        #expect(response.headers["Content-Type"] == "text/plain; charset=utf-8")
    }

    @Test func invalidOrNonConvertibleParametersAre400() async {
        let fixture = RouterFixture()
        fixture.router.get("/items/{index}") { _, context in
            String(try context.parameters.require("index", as: Int.self))
        }
        fixture.router.get("/raw/{value}") { _, context in try context.parameters.require("value") }
        fixture.router.get("/missing/{value}") { _, context in try context.parameters.require("other") }

        let notInteger = await fixture.client.execute(.get, "/items/seven")
        #expect(notInteger.status == .badRequest)
        #expect(notInteger.error?.code == "VALIDATION_ERROR")
        #expect(notInteger.error?.message == "Path parameter 'index' is invalid")
        let badEscape = await fixture.client.execute(.get, "/raw/%zz")
        #expect(badEscape.status == .badRequest)
        let badUTF8 = await fixture.client.execute(.get, "/raw/%FF")
        #expect(badUTF8.status == .badRequest)
        let missing = await fixture.client.execute(.get, "/missing/x")
        #expect(missing.error?.message == "Path parameter 'other' is missing")
    }

    @Test(arguments: [
        ("/paylinks/public", "static"),
        ("/paylinks/abc", "param abc"),
        ("/paylinks/public/leads", "param-leads public"),
        ("/paylinks/public/slug-1/pay", "public-slug slug-1"),
        ("/files/x/meta", "wildcard"),
        ("/files/x/y/z", "catch-all x/y/z"),
        ("/files/meta", "catch-all meta"),
        ("/proxy/a/b%20c/", "proxy a/b%20c/"),
    ])
    func precedenceAndBacktracking(path: String, expected: String) async {
        let fixture = RouterFixture()
        let router = fixture.router
        router.get("/paylinks/{id}") { _, context in "param \(try context.parameters.require("id"))" }
        router.get("/paylinks/public") { _, _ in "static" }
        router.get("/paylinks/{id}/leads") { _, context in "param-leads \(try context.parameters.require("id"))" }
        router.get("/paylinks/public/{slug}/pay") { _, context in
            "public-slug \(try context.parameters.require("slug"))"
        }
        router.get("/files/*/meta") { _, _ in "wildcard" }
        router.get("/files/**") { _, context in "catch-all \(context.parameters.catchAll ?? "-")" }
        router.get("/proxy/**") { _, context in "proxy \(context.parameters.catchAll ?? "-")" }

        let response = await fixture.client.execute(.get, path)
        #expect(response.status == .ok)
        #expect(response.text == expected)
    }

    @Test func catchAllNeedsAtLeastOneSegmentAndRootIsARoute() async {
        let fixture = RouterFixture()
        fixture.router.get("/proxy/**") { _, _ in "proxy" }
        fixture.router.get("/") { _, _ in "root" }
        #expect(await fixture.client.execute(.get, "/proxy").status == .notFound)
        #expect(await fixture.client.execute(.get, "/").text == "root")
        #expect(await fixture.client.execute(.get, "/proxy/x?y=1").text == "proxy")
    }

    @Test func trailingAndDoubleSlashesAreIgnored() async {
        let fixture = RouterFixture()
        fixture.router.get("/a/b") { _, _ in "ab" }
        #expect(await fixture.client.execute(.get, "/a/b/").text == "ab")
        #expect(await fixture.client.execute(.get, "//a//b").text == "ab")
    }

    @Test func unknownPathIs404InTheErrorFormat() async {
        let fixture = RouterFixture()
        fixture.router.get("/known") { _, _ in "ok" }
        let response = await fixture.client.execute(.get, "/unknown/path?x=1")
        #expect(response.status == .notFound)
        #expect(response.text == #"{"error":{"message":"Route not found","code":"NOT_FOUND"}}"#)
        #expect(response.headers["Content-Type"] == "application/json; charset=utf-8")
    }

    @Test func otherMethodIs405WithSortedAllow() async {
        let fixture = RouterFixture()
        fixture.router.post("/paylinks") { _, _ in "created" }
        fixture.router.get("/paylinks") { _, _ in "list" }
        fixture.router.delete("/paylinks/{id}") { _, _ in "deleted" }
        let response = await fixture.client.execute(.put, "/paylinks")
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers["Allow"] == "GET, HEAD, OPTIONS, POST")
        #expect(response.error?.code == "METHOD_NOT_ALLOWED")
        #expect(response.error?.message == "Method not allowed")
        let other = await fixture.client.execute(.get, "/paylinks/1")
        #expect(other.status == .methodNotAllowed)
        #expect(other.headers["Allow"] == "DELETE, OPTIONS")
    }

    @Test func allowUnitesEveryMatchingRoute() async {
        let fixture = RouterFixture()
        fixture.router.get("/a/b") { _, _ in "static" }
        fixture.router.patch("/a/{id}") { _, _ in "param" }
        // GET /a/b is static; PATCH /a/b falls through to the parameter route.
        #expect(await fixture.client.execute(.patch, "/a/b").text == "param")
        let response = await fixture.client.execute(.post, "/a/b")
        #expect(response.headers["Allow"] == "GET, HEAD, OPTIONS, PATCH")
    }

    @Test func headFallsBackToGetAndOptionsIsAutomatic() async {
        let fixture = RouterFixture()
        fixture.router.get("/thing") { _, _ in "body" }
        let head = await fixture.client.execute(.head, "/thing")
        #expect(head.status == .ok)
        #expect(head.body.isEmpty)
        #expect(head.headers["Content-Type"] == "text/plain; charset=utf-8")
        let options = await fixture.client.execute(.options, "/thing")
        #expect(options.status == .noContent)
        #expect(options.headers["Allow"] == "GET, HEAD, OPTIONS")
    }

    @Test func explicitHeadWins() async {
        let fixture = RouterFixture()
        fixture.router.get("/thing") { _, _ in "get" }
        fixture.router.head("/thing") { _, _ in HTTPResponse(status: .accepted) }
        #expect(await fixture.client.execute(.head, "/thing").status == .accepted)
    }

    @Test func requestIDIsGeneratedOrPropagated() async throws {
        let fixture = RouterFixture()
        fixture.router.get("/id") { _, context in
            context.logger.info("inside")
            return context.requestID
        }
        let generated = await fixture.client.execute(.get, "/id")
        let id = try #require(generated.headers["X-Request-Id"])
        #expect(generated.text == id)
        #expect(RequestID.isAcceptable(id) && id.count == 36)
        #expect(fixture.log.records.last?.metadata[LogKeys.requestID] == id)

        let propagated = await fixture.client.execute(.get, "/id", headers: ["X-Request-Id": "client-id_1.2:3"])
        #expect(propagated.headers["X-Request-Id"] == "client-id_1.2:3")
        #expect(propagated.text == "client-id_1.2:3")

        let unsafe = await fixture.client.execute(.get, "/id", headers: ["X-Request-Id": "bad id\"<script>"])
        #expect(unsafe.headers["X-Request-Id"] != "bad id\"<script>")
        #expect(unsafe.headers["X-Request-Id"]?.count == 36)

        let notFound = await fixture.client.execute(.get, "/nowhere", headers: ["X-Request-Id": "abc"])
        #expect(notFound.headers["X-Request-Id"] == "abc")
    }

    @Test func unknownErrorsAre500WithoutInternalsAndAreLogged() async throws {
        let fixture = RouterFixture()
        fixture.router.get("/boom") { _, _ -> String in throw DatabaseExploded() }
        let response = await fixture.client.execute(.get, "/boom", headers: ["X-Request-Id": "req-500"])
        #expect(response.status == .internalServerError)
        #expect(response.text == #"{"error":{"message":"Internal server error","code":"INTERNAL_ERROR"}}"#)
        #expect(!response.text.contains("10.0.0.7"))
        let record = try #require(fixture.log.records.first { $0.level == .error })
        #expect(record.metadata[LogKeys.requestID] == "req-500")
        #expect(record.metadata[LogKeys.error] == DatabaseExploded().description)
    }

    @Test func httpErrorsAndResponseErrorsMapThemselves() async {
        struct SlugTaken: HTTPResponseError {
            var httpError: HTTPError {
                HTTPError(.conflict, code: HTTPError.Code("SLUG_TAKEN"), message: "Slug \"tee\" is taken")
            }
        }
        let fixture = RouterFixture()
        fixture.router.get("/limited") { _, _ -> String in
            throw HTTPError(.tooManyRequests, message: "Slow down", headers: ["Retry-After": "30"])
        }
        fixture.router.get("/taken") { _, _ -> String in throw SlugTaken() }
        let limited = await fixture.client.execute(.get, "/limited")
        #expect(limited.status == .tooManyRequests)
        #expect(limited.headers["Retry-After"] == "30")
        #expect(limited.text == #"{"error":{"message":"Slow down","code":"RATE_LIMITED"}}"#)
        let taken = await fixture.client.execute(.get, "/taken")
        #expect(taken.status == .conflict)
        #expect(taken.text == #"{"error":{"message":"Slug \"tee\" is taken","code":"SLUG_TAKEN"}}"#)
        #expect(fixture.log.records.allSatisfy { $0.level < .error })
    }

    @Test func bodyLimitIsLookedUpPerRoute() async {
        let fixture = RouterFixture()
        fixture.router.post("/uploads", options: RouteOptions(maxBodyBytes: 10 << 20)) { _, context in
            "limit \(context.maxBodyBytes ?? -1)"
        }
        fixture.router.get("/uploads") { _, _ in "list" }
        fixture.router.post("/uploads/{id}/tiny", options: RouteOptions(maxBodyBytes: 4)) { request, _ in
            "got \(request.body.count)"
        }
        fixture.router.post("/plain") { _, _ in "plain" }
        let router = fixture.router
        #expect(router.bodyLimit(for: HTTPRequestHead(method: .post, target: "/uploads")) == 10 << 20)
        #expect(router.bodyLimit(for: HTTPRequestHead(method: .post, target: "/uploads?x=1")) == 10 << 20)
        #expect(router.bodyLimit(for: HTTPRequestHead(method: .get, target: "/uploads")) == nil)
        #expect(router.bodyLimit(for: HTTPRequestHead(method: .post, target: "/uploads/9/tiny")) == 4)
        #expect(router.bodyLimit(for: HTTPRequestHead(method: .post, target: "/plain")) == nil)
        #expect(router.bodyLimit(for: HTTPRequestHead(method: .post, target: "/nowhere")) == nil)

        #expect(await fixture.client.execute(.post, "/uploads").text == "limit \(10 << 20)")
        #expect(await fixture.client.execute(.post, "/uploads/9/tiny", body: [1, 2, 3, 4]).text == "got 4")
        #expect(
            await fixture.client.execute(.post, "/uploads/9/tiny", body: [1, 2, 3, 4, 5]).status == .contentTooLarge
        )
    }

    @Test func encodableAndEditedResponses() async throws {
        struct Link: Codable, Equatable {
            let id: String
            let url: String
        }
        let fixture = RouterFixture()
        fixture.router.get("/links") { _, _ in [Link(id: "1", url: "https://x.ro/p/a")] }
        fixture.router.post("/links") { _, _ in
            EditedResponse(status: .created, headers: ["Location": "/links/1"], json: Link(id: "1", url: "/p/a"))
        }
        fixture.router.delete("/links/{id}") { _, _ in HTTPStatus.noContent }
        fixture.router.put("/links/{id}") { request, context in
            let id = try context.parameters.require("id")
            let url = request.query["url"] ?? "none"
            return Link(id: id, url: url)
        }

        let list = await fixture.client.execute(.get, "/links")
        #expect(list.status == .ok)
        #expect(list.headers["Content-Type"] == "application/json")
        #expect(list.text == #"[{"id":"1","url":"https://x.ro/p/a"}]"#)
        let created = await fixture.client.execute(.post, "/links")
        #expect(created.status == .created)
        #expect(created.headers["Location"] == "/links/1")
        #expect(created.headers["Content-Type"] == "application/json")
        #expect(created.text == #"{"id":"1","url":"/p/a"}"#)
        #expect(await fixture.client.execute(.delete, "/links/1").status == .noContent)
        #expect(await fixture.client.execute(.put, "/links/7?url=%2Fp%2Fb").text == #"{"id":"7","url":"/p/b"}"#)
    }

    @Test func defaultContextIsBasic() {
        let router = Router(logger: Logger(label: "test"))
        #expect(type(of: router) == Router<BasicRequestContext>.self)
    }

    @Test func routesAddedAfterTheFirstRequestAreServed() async {
        let fixture = RouterFixture()
        fixture.router.get("/first") { _, _ in "1" }
        #expect(await fixture.client.execute(.get, "/second").status == .notFound)
        fixture.router.get("/second") { _, _ in "2" }
        #expect(await fixture.client.execute(.get, "/second").text == "2")
    }
}
