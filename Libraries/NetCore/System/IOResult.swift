/// The outcome of a non-blocking system call: done, or it would have blocked.
package enum IOResult<Value> {
    /// The call completed with this value (bytes transferred, a new descriptor, …).
    case processed(Value)
    /// The call would block (`EAGAIN`/`EWOULDBLOCK`); wait for readiness and try again.
    case wouldBlock
}

extension IOResult: Sendable where Value: Sendable {}
