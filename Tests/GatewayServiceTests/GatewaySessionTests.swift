import GatewayService
import Glibc
import HTTPCore
import ServiceIdentity
import TestSupport
import Testing

/// Bearer tokens against the users' current sessions at a fake auth service (contract C2, DESIGN §6).
@Suite struct GatewaySessionTests {
    private static let unauthorizedBody = #"{"error":{"message":"Unauthorized","code":"UNAUTHORIZED"}}"#

    private func expectUnauthorized(_ response: HTTPTestResponse, _ label: String = "") {
        #expect(response.status == 401, "\(label)")
        #expect(response.bodyText == Self.unauthorizedBody, "\(label)")
        #expect(response.header("WWW-Authenticate") == "Bearer", "\(label)")
        #expect(response.header("X-Seen-Service") == nil, "\(label)")
    }

    @Test func aTokenWhoseVersionDiffersFromTheSessionIsRefused() async throws {
        try await GatewayHarness.with { gateway in
            gateway.auth.set(Session(userId: "u-old", tokenVersion: 2, role: "USER", defaultCurrency: nil))
            try await gateway.waitForFeed()
            let current = try await gateway.send(
                "GET",
                "/api/v1/paylinks",
                headers: [try GatewayHarness.bearer("u-old", tokenVersion: 2)]
            )
            #expect(current.status == 200)
            let older = try await gateway.send(
                "GET",
                "/api/v1/paylinks",
                headers: [try GatewayHarness.bearer("u-old", tokenVersion: 1)]
            )
            expectUnauthorized(older, "older tv")
            let newer = try await gateway.send(
                "GET",
                "/api/v1/paylinks",
                headers: [try GatewayHarness.bearer("u-old", tokenVersion: 3)]
            )
            expectUnauthorized(newer, "newer tv")
            // A newer token makes the gateway ask auth again (it may be ahead of the feed), once.
            #expect(gateway.auth.lookups(of: "u-old") == 2)
            #expect(gateway.auth.forbiddenCallers == 0)
        }
    }

    @Test func anUnknownUserIsRefused() async throws {
        try await GatewayHarness.with { gateway in
            let response = try await gateway.send(
                "GET",
                "/api/v1/paylinks/public/some-link",  // public, but a token that names nobody is still refused
                headers: [try GatewayHarness.bearer("nobody")]
            )
            expectUnauthorized(response)
            #expect(gateway.catalog.hitCount == 0)
        }
    }

    @Test func theRoleAssertedIsTheSessionsCurrentRole() async throws {
        try await GatewayHarness.with { gateway in
            gateway.auth.set(Session(userId: "u-admin", tokenVersion: 0, role: "ADMIN", defaultCurrency: "EUR"))
            let response = try await gateway.send(
                "GET",
                "/api/v1/paylinks",
                headers: [try GatewayHarness.bearer("u-admin")]
            )
            let assertion = try GatewayHarness.assertion(response, audience: "catalog")
            #expect(assertion.identity == CallerIdentity(userID: "u-admin", role: .admin, currency: "EUR"))
        }
    }

    @Test func logoutAllIsEnforcedWithinOneSecond() async throws {
        try await GatewayHarness.with { gateway in
            gateway.auth.set(Session(userId: "u1", tokenVersion: 0, role: "USER", defaultCurrency: "RON"))
            try await gateway.waitForFeed()
            let bearer = try GatewayHarness.bearer("u1")
            #expect(try await gateway.send("GET", "/api/v1/me", headers: [bearer]).status == 200)
            let clock = ContinuousClock()
            let bumped = clock.now
            gateway.auth.set(Session(userId: "u1", tokenVersion: 1, role: "USER", defaultCurrency: "RON"))
            var refusedAfter: Duration?
            while clock.now - bumped < .seconds(3) {
                let response = try await gateway.send("GET", "/api/v1/me", headers: [bearer])
                if response.status == 401 {
                    refusedAfter = clock.now - bumped
                    break
                }
                #expect(response.status == 200)
                try await Task.sleep(for: .milliseconds(20))
            }
            let elapsed = try #require(refusedAfter, "the old token was still accepted after 3 s")
            #expect(elapsed < .seconds(1))
            // The new token works, from the cache the feed updated (no further lookup).
            let fresh = try await gateway.send(
                "GET",
                "/api/v1/me",
                headers: [try GatewayHarness.bearer("u1", tokenVersion: 1)]
            )
            #expect(fresh.status == 200)
            #expect(gateway.auth.lookups(of: "u1") == 1)
        }
    }

    @Test func manyRequestsForOneUserCostOneLookup() async throws {
        try await GatewayHarness.with { gateway in
            gateway.auth.set(Session(userId: "u-busy", tokenVersion: 0, role: "USER", defaultCurrency: nil))
            gateway.auth.set(Session(userId: "u-burst", tokenVersion: 0, role: "USER", defaultCurrency: nil))
            try await gateway.waitForFeed()
            let bearer = try GatewayHarness.bearer("u-busy")
            for _ in 0..<20 {
                #expect(try await gateway.send("GET", "/api/v1/paylinks", headers: [bearer]).status == 200)
            }
            #expect(gateway.auth.lookups(of: "u-busy") == 1)

            // Concurrent misses for one user share a single slow lookup.
            gateway.auth.update { $0.lookupDelay = .milliseconds(200) }
            let burst = try GatewayHarness.bearer("u-burst")
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await gateway.send("GET", "/api/v1/paylinks", headers: [burst]).status }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 200, count: 8))
            #expect(gateway.auth.lookups(of: "u-burst") == 1)
        }
    }

    @Test func aStaleFeedMeansPerRequestLookupsAnd503WhenAuthIsDown() async throws {
        try await GatewayHarness.with(
            sessions: .init(pollInterval: .milliseconds(50), staleAfter: .milliseconds(300))
        ) { gateway in
            gateway.auth.set(Session(userId: "u2", tokenVersion: 0, role: "USER", defaultCurrency: nil))
            try await gateway.waitForFeed()
            let bearer = try GatewayHarness.bearer("u2")
            #expect(try await gateway.send("GET", "/api/v1/paylinks", headers: [bearer]).status == 200)
            #expect(try await gateway.send("GET", "/api/v1/paylinks", headers: [bearer]).status == 200)
            #expect(gateway.auth.lookups(of: "u2") == 1)

            gateway.auth.update { $0.feedDown = true }
            try await Task.sleep(for: .milliseconds(600))
            for _ in 0..<3 {
                #expect(try await gateway.send("GET", "/api/v1/paylinks", headers: [bearer]).status == 200)
            }
            #expect(gateway.auth.lookups(of: "u2") == 4)

            gateway.auth.update { $0.lookupsDown = true }
            let down = try await gateway.send("GET", "/api/v1/paylinks", headers: [bearer])
            #expect(down.status == 503)
            #expect(down.bodyText.contains(#""code":"SERVICE_UNAVAILABLE""#))
            #expect(gateway.catalog.hitCount == 3 + 2)
            // Anonymous callers do not need auth.
            #expect(try await gateway.send("GET", "/api/v1/paylinks/public/x").status == 200)

            gateway.auth.update {
                $0.feedDown = false
                $0.lookupsDown = false
            }
            let polls = gateway.auth.feedPolls
            try await gateway.waitForFeed(polls: polls + 2)
            #expect(try await gateway.send("GET", "/api/v1/paylinks", headers: [bearer]).status == 200)
            let settled = gateway.auth.lookups(of: "u2")
            #expect(try await gateway.send("GET", "/api/v1/paylinks", headers: [bearer]).status == 200)
            #expect(gateway.auth.lookups(of: "u2") == settled)
        }
    }
}
