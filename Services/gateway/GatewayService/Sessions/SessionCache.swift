import NetCore
import Synchronization

/// The gateway's view of users' sessions: cached lookups kept current by auth's change feed.
///
/// A request for a cached user costs one dictionary lookup under a short lock — no call to auth — as long
/// as the feed (``SessionFeedService``) has succeeded within `staleAfter`. A miss asks ``SessionSource``
/// once, however many requests for that user arrive meanwhile (they wait for the same answer). When the
/// feed is stale, cached entries are not trusted: every request looks its user up (still coalesced), so a
/// revoked token never outlives a feed outage.
///
/// Consistency: a change that arrives while a lookup for the same user is in flight marks that lookup
/// stale, so its answer serves the waiting requests but is not cached; the feed's first page (which only
/// positions the cursor) empties the cache for the same reason.
package final class SessionCache: Sendable {
    private struct Entry {
        var session: Session
        var lastUsed: UInt64
    }

    private struct Lookup {
        var waiters: [CheckedContinuation<Outcome, Never>] = []
        var isStale = false
    }

    private enum Outcome {
        case done(Result<Session?, SessionLookupError>)
        case retry
    }

    private struct State: ~Copyable {
        var entries: [String: Entry] = [:]
        var lookups: [String: Lookup] = [:]
        /// Monotonic nanoseconds of the last successful feed poll; 0 before the first.
        var feedSucceededAt: Int64 = 0
        var clock: UInt64 = 0
    }

    private let source: any SessionSource
    private let staleAfter: Int64
    private let capacity: Int
    private let state = Mutex(State())

    /// Creates an empty cache.
    ///
    /// - Parameters:
    ///   - source: Where sessions are looked up.
    ///   - staleAfter: How long after the last successful feed poll cached entries are still trusted.
    ///   - capacity: Users kept at most; beyond it the least recently used tenth is evicted.
    package init(source: any SessionSource, staleAfter: Duration, capacity: Int = 100_000) {
        self.source = source
        self.staleAfter = staleAfter.nanosecondsClamped
        self.capacity = max(1, capacity)
    }

    /// Whether cached entries are currently trusted.
    package func isFresh(now: Int64 = RateLimiter.monotonicNow()) -> Bool {
        state.withLock { isFresh($0, now: now) }
    }

    /// The number of cached users.
    package var count: Int { state.withLock { $0.entries.count } }

    private func isFresh(_ state: borrowing State, now: Int64) -> Bool {
        state.feedSucceededAt != 0 && now - state.feedSucceededAt <= staleAfter
    }

    /// The user's session: cached when the cache is fresh, otherwise from the source.
    ///
    /// - Parameters:
    ///   - userID: The user.
    ///   - refresh: Skip the cache (a token newer than the cached tokenVersion may be ahead of the feed).
    /// - Returns: `nil` when auth does not know the user.
    /// - Throws: ``SessionLookupError`` when the source cannot answer.
    package func session(for userID: String, refresh: Bool = false) async throws(SessionLookupError) -> Session? {
        // Bounded: a retry only happens when a lookup finished between our two lock sections.
        for _ in 0..<4 {
            let now = RateLimiter.monotonicNow()
            enum Step {
                case hit(Session)
                case lead
                case follow
            }
            let step: Step = state.withLock { state in
                if !refresh, isFresh(state, now: now), let entry = state.entries[userID] {
                    state.clock &+= 1
                    state.entries[userID]?.lastUsed = state.clock
                    return .hit(entry.session)
                }
                if state.lookups[userID] != nil { return .follow }
                state.lookups[userID] = Lookup()
                return .lead
            }
            switch step {
            case .hit(let session):
                return session
            case .lead:
                return try await lead(userID)
            case .follow:
                let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
                    let joined = state.withLock { state in
                        guard state.lookups[userID] != nil else { return false }
                        state.lookups[userID]?.waiters.append(continuation)
                        return true
                    }
                    if !joined { continuation.resume(returning: .retry) }
                }
                if case .done(let result) = outcome { return try result.get() }
            }
        }
        return try await source.session(userID: userID)
    }

    private func lead(_ userID: String) async throws(SessionLookupError) -> Session? {
        let result: Result<Session?, SessionLookupError>
        do {
            result = .success(try await source.session(userID: userID))
        } catch {
            result = .failure(error)
        }
        let waiters = state.withLock { state in
            let lookup = state.lookups.removeValue(forKey: userID) ?? Lookup()
            if case .success(let session?) = result, !lookup.isStale {
                if state.entries[userID] == nil && state.entries.count >= capacity { evict(&state) }
                state.clock &+= 1
                state.entries[userID] = Entry(session: session, lastUsed: state.clock)
            } else if case .success(nil) = result {
                state.entries[userID] = nil
            }
            return lookup.waiters
        }
        for waiter in waiters { waiter.resume(returning: .done(result)) }
        return try result.get()
    }

    /// Drops the least recently used tenth of the entries.
    private func evict(_ state: inout State) {
        let drop = max(1, state.entries.count / 10)
        let oldest = state.entries.sorted { $0.value.lastUsed < $1.value.lastUsed }.prefix(drop)
        for (userID, _) in oldest { state.entries[userID] = nil }
    }

    /// Records a successful feed poll and applies its changes to cached users (others are ignored).
    ///
    /// - Parameters:
    ///   - changes: The page's changes, oldest first.
    ///   - isFirstPage: The poll without a cursor: entries cached before it may predate the cursor, so
    ///     the cache starts over.
    ///   - now: Monotonic nanoseconds.
    package func feedSucceeded(changes: [Session], isFirstPage: Bool, now: Int64 = RateLimiter.monotonicNow()) {
        state.withLock { state in
            if isFirstPage {
                state.entries.removeAll()
                for userID in state.lookups.keys { state.lookups[userID]?.isStale = true }
            }
            for change in changes {
                // tokenVersion only grows: a lower one is older than what a lookup cached meanwhile.
                if let cached = state.entries[change.userId], cached.session.tokenVersion <= change.tokenVersion {
                    state.entries[change.userId]?.session = change
                }
                if state.lookups[change.userId] != nil { state.lookups[change.userId]?.isStale = true }
            }
            state.feedSucceededAt = now
        }
    }
}
