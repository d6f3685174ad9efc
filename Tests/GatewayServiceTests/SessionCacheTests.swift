import GatewayService
import Synchronization
import Testing

@Suite struct SessionCacheTests {
    /// A source whose answers the test sets, counting lookups.
    final class FakeSource: SessionSource {
        struct State {
            var sessions: [String: Session] = [:]
            var lookups = 0
            var isDown = false
        }

        let state = Mutex(State())
        let gate = Mutex<CheckedContinuation<Void, Never>?>(nil)

        func session(userID: String) async throws(SessionLookupError) -> Session? {
            let (session, down) = state.withLock { state in
                state.lookups += 1
                return (state.sessions[userID], state.isDown)
            }
            if down { throw .unavailable("down") }
            return session
        }

        func changes(after cursor: String?) async throws(SessionLookupError) -> SessionChanges {
            SessionChanges(cursor: "0", changes: [])
        }

        var lookups: Int { state.withLock { $0.lookups } }
        func set(_ session: Session) { state.withLock { $0.sessions[session.userId] = session } }
    }

    private static func session(_ user: String, tv: Int = 0) -> Session {
        Session(userId: user, tokenVersion: tv, role: "USER", defaultCurrency: "EUR")
    }

    @Test func aFreshCacheAnswersFromMemoryAndAStaleOneAsksAgain() async throws {
        let source = FakeSource()
        source.set(Self.session("u"))
        let cache = SessionCache(source: source, staleAfter: .seconds(3600))
        // Before the feed ever succeeded nothing is trusted.
        #expect(try await cache.session(for: "u") == Self.session("u"))
        #expect(try await cache.session(for: "u") == Self.session("u"))
        #expect(source.lookups == 2)
        cache.feedSucceeded(changes: [], isFirstPage: true)
        for _ in 0..<10 { _ = try await cache.session(for: "u") }
        #expect(source.lookups == 3)
        // The feed updates cached users and ignores others.
        cache.feedSucceeded(changes: [Self.session("u", tv: 4), Self.session("other", tv: 9)], isFirstPage: false)
        #expect(try await cache.session(for: "u")?.tokenVersion == 4)
        #expect(cache.count == 1)
        #expect(source.lookups == 3)
        // An explicit refresh asks.
        #expect(try await cache.session(for: "u", refresh: true)?.tokenVersion == 0)
        #expect(source.lookups == 4)
        // Stale: the last success is older than `staleAfter`.
        #expect(!cache.isFresh(now: RateLimiter.monotonicNow() + 3601 * 1_000_000_000))
    }

    @Test func unknownUsersAndOutagesAreReported() async throws {
        let source = FakeSource()
        let cache = SessionCache(source: source, staleAfter: .seconds(60))
        cache.feedSucceeded(changes: [], isFirstPage: true)
        #expect(try await cache.session(for: "ghost") == nil)
        source.state.withLock { $0.isDown = true }
        await #expect(throws: SessionLookupError.self) { try await cache.session(for: "ghost") }
        #expect(cache.count == 0)
    }

    @Test func concurrentMissesShareOneLookup() async throws {
        let source = SlowSource()
        let cache = SessionCache(source: source, staleAfter: .seconds(60))
        cache.feedSucceeded(changes: [], isFirstPage: true)
        let results = try await withThrowingTaskGroup(of: Session?.self) { group in
            for _ in 0..<20 { group.addTask { try await cache.session(for: "u") } }
            return try await group.reduce(into: [Session?]()) { $0.append($1) }
        }
        #expect(results.count == 20)
        #expect(results.allSatisfy { $0?.userId == "u" })
        #expect(source.lookups.load(ordering: .relaxed) == 1)
    }

    @Test func aChangeDuringALookupKeepsItsAnswerOutOfTheCache() async throws {
        let source = SlowSource()
        let cache = SessionCache(source: source, staleAfter: .seconds(60))
        cache.feedSucceeded(changes: [], isFirstPage: true)
        async let first = cache.session(for: "u")
        try await Task.sleep(for: .milliseconds(50))
        cache.feedSucceeded(changes: [Self.session("u", tv: 1)], isFirstPage: false)
        #expect(try await first?.tokenVersion == 0)  // what auth said when asked
        #expect(cache.count == 0)  // but not kept: the change may be newer
        _ = try await cache.session(for: "u")
        #expect(source.lookups.load(ordering: .relaxed) == 2)
    }

    @Test func theCacheEvictsBeyondItsCapacity() async throws {
        let source = FakeSource()
        for index in 0..<50 { source.set(Self.session("u\(index)")) }
        let cache = SessionCache(source: source, staleAfter: .seconds(60), capacity: 20)
        cache.feedSucceeded(changes: [], isFirstPage: true)
        for index in 0..<50 { _ = try await cache.session(for: "u\(index)") }
        #expect(cache.count <= 20)
        #expect(cache.count >= 10)
        let before = source.lookups
        _ = try await cache.session(for: "u49")  // the most recent stays
        #expect(source.lookups == before)
    }

    /// Answers every lookup after 100 ms.
    final class SlowSource: SessionSource {
        let lookups = Atomic<Int>(0)

        func session(userID: String) async throws(SessionLookupError) -> Session? {
            lookups.add(1, ordering: .relaxed)
            do { try await Task.sleep(for: .milliseconds(100)) } catch { throw .unavailable("cancelled") }
            return Session(userId: userID, tokenVersion: 0, role: "USER", defaultCurrency: nil)
        }

        func changes(after cursor: String?) async throws(SessionLookupError) -> SessionChanges {
            SessionChanges(cursor: "0", changes: [])
        }
    }
}
