import CCurl

/// Identifies one job submitted to a ``CurlMultiEngine``.
struct CurlJobID: Hashable, Sendable {
    let value: UInt64
}

/// How a transfer ended, as the engine reports it to ``CurlTransfer/finish(_:)``.
enum CurlTransferOutcome {
    /// libcurl finished the transfer with this result (`CURLE_OK` on success).
    case completed(CURLcode)
    /// The job was cancelled; its easy handle has been removed from the multi handle.
    case cancelled
    /// The engine shut down while the job was queued or running.
    case shutdown
    /// `curl_multi_add_handle` refused the easy handle.
    case failedToStart(CURLMcode)
}

/// The engine-side half of one transfer: a configured easy handle and what to do when it ends.
///
/// Any protocol libcurl speaks fits (HTTP now, SMTP later): the conforming class sets its options and
/// callbacks on ``easy``, and the engine adds it to the multi handle and drives it.
///
/// Threading: created by ``CurlJob/makeTransfer`` on the engine thread and used only there. libcurl calls
/// its callbacks from `curl_multi_perform` on that thread, while the engine holds a strong reference.
protocol CurlTransfer: AnyObject {
    /// The configured easy handle.
    var easy: CurlEasyHandle { get }

    /// Called exactly once, on the engine thread, after the handle has left the multi handle.
    func finish(_ outcome: CurlTransferOutcome)
}

/// A unit of work handed to the engine thread through its queue.
///
/// Only Sendable inputs cross threads: the non-Sendable ``CurlTransfer`` is built on the engine thread by
/// ``makeTransfer``.
struct CurlJob: Sendable {
    let id: CurlJobID
    /// Builds the transfer on the engine thread; returns `nil` when there is nothing to run (the job
    /// already reported its own failure, or its caller has gone).
    let makeTransfer: @Sendable () -> (any CurlTransfer)?
    /// Called instead of ``makeTransfer`` when the job ends before it ever ran (engine shut down).
    let abandon: @Sendable () -> Void
}
