import HTTPCore
import HTTPRouter
import TestSupport
import Testing

@Suite struct RouterGroupTests {
    @Test func middlewareRunsRouterThenGroupThenNestedInOrder() async {
        let trace = Trace()
        let fixture = RouterFixture()
        fixture.router.add(middleware: TraceMiddleware(name: "r1", trace: trace))
        let api = fixture.router.group("/api/v1")
        api.add(middleware: TraceMiddleware(name: "g1", trace: trace))
            .add(middleware: TraceMiddleware(name: "g2", trace: trace))
        let nested = api.group("/paylinks")
        nested.get("/{id}") { _, context in
            trace.append("handler \(context.route ?? "-")")
            return "ok"
        }
        // Added after the routes: still applies (to the router, and to the nested group below).
        fixture.router.add(middleware: TraceMiddleware(name: "r2", trace: trace))
        nested.add(middleware: TraceMiddleware(name: "n1", trace: trace))

        let response = await fixture.client.execute(.get, "/api/v1/paylinks/42")
        #expect(response.text == "ok")
        #expect(
            trace.all == [
                ">r1", ">r2", ">g1", ">g2", ">n1", "handler /api/v1/paylinks/{id}",
                "<n1:200", "<g2:200", "<g1:200", "<r2:200", "<r1:200",
            ]
        )
        #expect(response.headers.values(for: "X-Trace") == ["n1", "g2", "g1", "r2", "r1"])
    }

    @Test func routerMiddlewareSeesUnmatchedRequestsButGroupMiddlewareDoesNot() async {
        let trace = Trace()
        let fixture = RouterFixture()
        fixture.router.add(middleware: TraceMiddleware(name: "r", trace: trace))
        fixture.router.group("/api").add(middleware: TraceMiddleware(name: "g", trace: trace)).get("/x") { _, _ in "x" }

        #expect(await fixture.client.execute(.get, "/api/nothing").status == .notFound)
        #expect(await fixture.client.execute(.post, "/api/x").status == .methodNotAllowed)
        #expect(trace.all == [">r", "<r:404", ">r", "<r:405"])
    }

    @Test func middlewareCanShortCircuitAndErrorsBecomeResponsesOutside() async {
        struct Reject<Context: RequestContext>: RouterMiddleware {
            func handle(
                _ request: Request,
                context: Context,
                next: (Request, Context) async throws -> HTTPResponse
            ) async throws -> HTTPResponse {
                throw HTTPError(.forbidden, message: "No entry")
            }
        }
        let trace = Trace()
        let fixture = RouterFixture()
        fixture.router.add(middleware: TraceMiddleware(name: "outer", trace: trace))
        let group = fixture.router.group("/locked").add(middleware: Reject())
        group.get { _, _ in
            trace.append("handler")
            return "never"
        }
        let response = await fixture.client.execute(.get, "/locked")
        #expect(response.status == .forbidden)
        #expect(response.error?.code == "FORBIDDEN")
        #expect(trace.all == [">outer", "<outer:403"])
    }

    @Test func childContextRejectsUnauthenticatedAndTypesTheIdentity() async {
        let trace = Trace()
        let fixture = RouterFixture(context: AppContext.self)
        fixture.router.add(middleware: BearerMiddleware())
        let api = fixture.router.group("/api/v1")
        api.get("/public") { _, context in "public \(context.userID ?? "anonymous")" }
        let me = api.group("/me", context: AuthenticatedContext.self)
        me.add(middleware: TraceMiddleware(name: "me", trace: trace))
        me.get { _, context in
            // `userID` is a non-optional String here.
            "me \(context.userID) \(context.route ?? "-")"
        }
        me.get("/settings/{section}") { _, context in
            "settings \(context.userID) \(try context.parameters.require("section"))"
        }

        #expect(await fixture.client.execute(.get, "/api/v1/public").text == "public anonymous")
        let anonymous = await fixture.client.execute(.get, "/api/v1/me")
        #expect(anonymous.status == .unauthorized)
        #expect(anonymous.text == #"{"error":{"message":"Unauthorized","code":"UNAUTHORIZED"}}"#)
        #expect(trace.all.isEmpty)

        let wrongScheme = await fixture.client.execute(.get, "/api/v1/me", headers: ["Authorization": "Basic x"])
        #expect(wrongScheme.status == .unauthorized)

        let signedIn = await fixture.client.execute(.get, "/api/v1/me", headers: ["Authorization": "Bearer usr_1"])
        #expect(signedIn.status == .ok)
        #expect(signedIn.text == "me usr_1 /api/v1/me")
        #expect(trace.all == [">me", "<me:200"])
        let nested = await fixture.client.execute(
            .get,
            "/api/v1/me/settings/billing",
            headers: ["Authorization": "Bearer usr_2"]
        )
        #expect(nested.text == "settings usr_2 billing")
    }

    @Test func routerAndGroupsAreReleased() async {
        weak var weakRouter: Router<AppContext>?
        weak var weakGroup: RouterGroup<AuthenticatedContext>?
        do {
            let fixture = RouterFixture(context: AppContext.self)
            let group = fixture.router.group("/api").group("/me", context: AuthenticatedContext.self)
            group.add(middleware: TraceMiddleware(name: "g", trace: Trace())).get { _, context in context.userID }
            #expect(await fixture.client.execute(.get, "/api/me").status == .unauthorized)
            weakRouter = fixture.router
            weakGroup = group
        }
        #expect(weakRouter == nil)
        #expect(weakGroup == nil)
    }
}
