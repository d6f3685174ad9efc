import Foundation
import JWT
import Postgres
import ServiceIdentity
import Synchronization
import TestSupport
import Testing

@Suite(.enabled(if: PostgresTestEnvironment.isEnabled, "needs PostgreSQL: scripts/with-postgres.sh swift test"))
struct SessionRoutesTests {
    private static let gateway = CallerIdentity.service("gateway")

    private func changes(_ fixture: AuthFixture, after cursor: String?) async throws -> (String, [[String: Any]]) {
        let target = "/api/v1/internal/sessions/changes" + (cursor.map { "?after=\($0)" } ?? "")
        let response = try await fixture.send("GET", target, as: Self.gateway)
        try #require(response.status == 200, "\(response.bodyText)")
        let object = try json(response)
        return (try #require(object["cursor"] as? String), try #require(object["changes"] as? [[String: Any]]))
    }

    @Test func logoutAllBumpsTheTokenVersionAndAppearsInTheFeed() async throws {
        try await AuthFixture.run { fixture in
            let (start, none) = try await changes(fixture, after: nil)
            #expect(start == "0" && none.isEmpty)

            let (oldToken, userID) = try await fixture.signIn("feed@example.com")
            #expect(try AuthFixture.verify(oldToken).tokenVersion == 0)
            let (afterSignIn, created) = try await changes(fixture, after: start)
            #expect(created.count == 1)
            #expect(created.first?["userId"] as? String == userID)
            #expect(created.first?["tokenVersion"] as? Int == 0)

            let state = try await fixture.send("GET", "/api/v1/internal/sessions/\(userID)", as: Self.gateway)
            #expect(state.status == 200)
            #expect(
                state.bodyText
                    == #"{"defaultCurrency":"RON","role":"USER","tokenVersion":0,"userId":"\#(userID)"}"#
            )

            let logout = try await fixture.send("POST", "/api/v1/auth/logout-all", as: AuthFixture.user(userID))
            #expect(logout.status == 200)
            #expect(logout.bodyText == #"{"ok":true}"#)
            let (afterLogout, bumped) = try await changes(fixture, after: afterSignIn)
            #expect(bumped.count == 1)
            #expect(bumped.first?["tokenVersion"] as? Int == 1)
            #expect(Int64(afterLogout)! > Int64(afterSignIn)!)
            let newState = try await fixture.send("GET", "/api/v1/internal/sessions/\(userID)", as: Self.gateway)
            #expect(try json(newState)["tokenVersion"] as? Int == 1)

            // New tokens carry the new version.
            let (newToken, _) = try await fixture.signIn("feed@example.com")
            #expect(try AuthFixture.verify(newToken).tokenVersion == 1)

            // A default currency change is a session change too; other settings are not.
            _ = try await fixture.send(
                "PUT",
                "/api/v1/settings/me",
                json: #"{"emailNotifications":false}"#,
                as: AuthFixture.user(userID)
            )
            _ = try await fixture.send(
                "PUT",
                "/api/v1/settings/me",
                json: #"{"defaultCurrency":"GBP"}"#,
                as: AuthFixture.user(userID)
            )
            let (latest, currency) = try await changes(fixture, after: afterLogout)
            #expect(currency.count == 1)
            #expect(currency.first?["defaultCurrency"] as? String == "GBP")
            let (head, empty) = try await changes(fixture, after: nil)
            #expect(head == latest && empty.isEmpty)
        }
    }

    @Test func aPollerRunningDuringConcurrentChangesMissesNone() async throws {
        try await AuthFixture.run { fixture in
            var users: [String] = []
            for index in 0..<4 { users.append(try await fixture.signUp("c\(index)@example.com").userID) }
            let (start, _) = try await changes(fixture, after: nil)
            let done = Mutex(false)
            // A poller that follows the feed while the changes commit, as the gateway does: with numbers taken
            // out of commit order it would step over a change that commits late.
            async let polled: [[String: Any]] = {
                var cursor = start
                var seen: [[String: Any]] = []
                for _ in 0..<2_000 {
                    let finished = done.withLock { $0 }
                    let (next, page) = try await changes(fixture, after: cursor)
                    seen += page
                    cursor = next
                    if finished && page.isEmpty { break }
                }
                return seen
            }()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for round in 0..<10 {
                    for user in users {
                        group.addTask {
                            let response = try await fixture.send(
                                "POST",
                                "/api/v1/auth/logout-all",
                                as: AuthFixture.user(user)
                            )
                            #expect(response.status == 200, "round \(round)")
                        }
                    }
                }
                try await group.waitForAll()
            }
            done.withLock { $0 = true }
            let seen = try await polled
            #expect(seen.count == 40)
            for user in users {
                let versions = seen.filter { $0["userId"] as? String == user }.compactMap { $0["tokenVersion"] as? Int }
                #expect(versions == Array(1...10), "each user's versions, each once, in order")
            }
        }
    }

    /// The lock `AccountRepository.sessionChangeLock` (white box: the commit-order rule of contract C2).
    private static let sessionChangeLock: Int64 = 0x5041_594C_4155_5448

    @Test func aChangeWaitsForEarlierChangesToCommit() async throws {
        try await AuthFixture.run { fixture in
            let account = try await fixture.signUp("ordered@example.com")
            let (start, _) = try await changes(fixture, after: nil)
            let postgres = try #require(fixture.auth.postgres)
            let userID = account.userID
            let logout = try await postgres.withTransaction { tx in
                // Another changing transaction, between numbering its change and committing.
                _ = try await tx.query("SELECT pg_advisory_xact_lock(\(Self.sessionChangeLock))")
                let logout = Task {
                    try await fixture.send("POST", "/api/v1/auth/logout-all", as: AuthFixture.user(userID))
                }
                for _ in 0..<30 {
                    let (cursor, page) = try await changes(fixture, after: start)
                    #expect(page.isEmpty && cursor == start, "a change became visible before an earlier one committed")
                }
                return logout
            }
            #expect(try await logout.value.status == 200)
            let (_, page) = try await changes(fixture, after: start)
            #expect(page.count == 1)
            #expect(page.first?["tokenVersion"] as? Int == 1)
        }
    }

    @Test func internalRoutesAreForServicesOnly() async throws {
        try await AuthFixture.run { fixture in
            let (_, userID) = try await fixture.signIn("private@example.com")
            for caller in [CallerIdentity.anonymous, AuthFixture.user(userID), AuthFixture.user(userID, role: .admin)] {
                for path in ["/api/v1/internal/sessions/changes", "/api/v1/internal/sessions/\(userID)"] {
                    let response = try await fixture.send("GET", path, as: caller)
                    #expect(response.status == 403, "\(path) as \(caller)")
                    #expect(errorCode(response) == "FORBIDDEN")
                }
            }
            let missing = try await fixture.send(
                "GET",
                "/api/v1/internal/sessions/01937a7e-0000-7000-8000-00000000dead",
                as: Self.gateway
            )
            #expect(missing.status == 404)
            #expect(errorCode(missing) == "NOT_FOUND")
            let notUUID = try await fixture.send("GET", "/api/v1/internal/sessions/zzz", as: Self.gateway)
            #expect(notUUID.status == 404)
            for bad in ["abc", "-1", "1.5", "99999999999999999999"] {
                let response = try await fixture.send(
                    "GET",
                    "/api/v1/internal/sessions/changes?after=\(bad)",
                    as: Self.gateway
                )
                #expect(response.status == 400, "after=\(bad)")
                #expect(errorCode(response) == "VALIDATION_ERROR")
            }
        }
    }

    @Test func oldSessionChangesArePrunedButTheNewestStays() async throws {
        try await AuthFixture.run(settings: ["AUTH_PRUNE_INTERVAL": "200ms"]) { fixture in
            let (start, _) = try await changes(fixture, after: nil)
            _ = try await fixture.signIn("old-change@example.com")
            _ = try await fixture.signIn("other-old-change@example.com")
            let postgres = try #require(fixture.auth.postgres)
            let aged = try await postgres.execute(
                "UPDATE auth.session_changes SET created_at = now() - interval '8 days'"
            )
            #expect(aged == 2)
            var left = -1
            for _ in 0..<40 {
                try await Task.sleep(for: .milliseconds(100))
                left = try await postgres.query("SELECT count(*)::int FROM auth.session_changes")[0].decode(Int.self)
                if left == 1 { break }
            }
            // The older change is gone; the newest stays so the feed's cursor never goes back.
            #expect(left == 1)
            let (latest, none) = try await changes(fixture, after: nil)
            #expect(Int64(latest)! > Int64(start)!)
            #expect(none.isEmpty)
            let (_, recent) = try await changes(fixture, after: start)
            #expect(recent.count == 1)
        }
    }
}
