import Synchronization

/// Identifies one ``HTTPUpstreamClient/execute(_:to:deadline:)`` call across threads, so a cancellation
/// handler running on any thread can find (or pre-empt) the exchange on its loop.
final class UpstreamCancellationToken: Sendable {
    private let cancelled = Atomic<Bool>(false)

    /// Whether the calling task was cancelled; set before the cancel is sent to the loop, so an exchange
    /// that starts after the cancel sees it.
    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    func cancel() { cancelled.store(true, ordering: .releasing) }
}
