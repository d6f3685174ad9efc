import LifecycleKit
package import LogKit

/// Polls auth's session change feed (contract C2) and applies it to the ``SessionCache``, so a bumped
/// tokenVersion, a role change or a new default currency reaches this gateway within one poll interval.
///
/// The first poll has no cursor and only positions it; after that each poll asks for the changes after the
/// last cursor, and a full page (1 000 changes) is followed at once by the next. Failures are retried every
/// interval; the cache notices the silence on its own (`staleAfter`). Logs one line when polling starts
/// failing and one when it recovers, never per poll.
package struct SessionFeedService: Service {
    let source: any SessionSource
    let cache: SessionCache
    let interval: Duration
    let logger: Logger

    /// Creates the poller.
    package init(source: any SessionSource, cache: SessionCache, interval: Duration, logger: Logger) {
        self.source = source
        self.cache = cache
        self.interval = interval
        self.logger = logger
    }

    package func run() async throws {
        // Polling stops as soon as shutdown is requested, not after the current sleep.
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await poll() }
            try? await gracefulShutdown()
            group.cancelAll()
        }
    }

    private func poll() async {
        var cursor: String?
        var isFailing = false
        while !Task.isCancelled {
            var again = false
            do {
                let page = try await source.changes(after: cursor)
                cache.feedSucceeded(changes: page.changes, isFirstPage: cursor == nil)
                cursor = page.cursor
                again = page.changes.count >= 1000
                if isFailing {
                    isFailing = false
                    logger.info("session feed recovered")
                }
            } catch {
                if !isFailing {
                    isFailing = true
                    logger.warning("session feed failing", metadata: ["error": "\(error)"])
                }
            }
            if !again {
                do { try await Task.sleep(for: interval) } catch { return }
            }
        }
    }
}
