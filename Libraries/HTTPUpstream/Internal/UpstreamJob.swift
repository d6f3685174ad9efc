import HTTPCore
import NetCore

/// Everything an exchange needs, handed from the calling task to the event loop.
struct UpstreamJob: Sendable {
    typealias Continuation = CheckedContinuation<Result<HTTPUpstreamResponse, HTTPUpstreamError>, Never>

    var method: HTTPMethod
    var request: UpstreamRequestEncoder.Encoded
    var address: HTTPUpstreamAddress
    var deadline: Deadline
    var token: UpstreamCancellationToken
    var continuation: Continuation
}

/// One request in flight on a loop, across its (at most two) connection attempts.
///
/// Threading: confined to the pool's event loop.
final class UpstreamExchange {
    let job: UpstreamJob
    /// The deadline timer; fires ``HTTPUpstreamError/Code/timedOut``.
    var timer: TimerID?
    /// The connection currently carrying the request.
    var connection: UpstreamConnection?
    /// Set after the one stale-connection retry: the next attempt must use a fresh connection and any
    /// failure is final.
    var hasRetried = false

    init(job: UpstreamJob) { self.job = job }

    var key: ObjectIdentifier { ObjectIdentifier(job.token) }

    /// Whether a method may be sent again after an unknown outcome (RFC 9110 §9.2.2); POST and PATCH are
    /// not.
    var isIdempotent: Bool {
        switch job.method {
        case .get, .head, .options, .put, .delete, .trace: true
        default: false
        }
    }
}
