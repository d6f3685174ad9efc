/// A value confined to one ``EventLoop``, made `Sendable` by checking the thread on every access.
///
/// Loop-confined objects (a connection, a socket handler) travel to tasks that run on their loop inside a
/// `LoopBound`; reading or writing ``value`` anywhere else traps. This mirrors NIO's `NIOLoopBound`.
// Safe because every access to `box` goes through `value`, which checks `eventLoop.inEventLoop` first, so
// the wrapped value is only ever touched from the loop's single thread.
package struct LoopBound<Value>: @unchecked Sendable {
    private final class Box {
        var value: Value
        init(_ value: Value) { self.value = value }
    }

    /// The loop that owns the value.
    package let eventLoop: EventLoop
    private let box: Box

    /// Wraps `value`; call on `eventLoop`.
    package init(_ value: Value, eventLoop: EventLoop) {
        eventLoop.preconditionInEventLoop()
        self.eventLoop = eventLoop
        self.box = Box(value)
    }

    /// The wrapped value; traps unless called on ``eventLoop``.
    package var value: Value {
        get {
            eventLoop.preconditionInEventLoop()
            return box.value
        }
        nonmutating set {
            eventLoop.preconditionInEventLoop()
            box.value = newValue
        }
    }
}
