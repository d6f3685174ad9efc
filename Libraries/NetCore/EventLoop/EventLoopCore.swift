import CLinux
import Glibc

/// The part of an ``EventLoop`` only its own thread touches: the selector, registrations, timers and the
/// local run queue.
// Confined to the loop thread: only `EventLoop.runLoop()` and methods that check `inEventLoop` reach it,
// so the unsynchronised mutable state is never shared; the `Sendable` claim only lets `EventLoop` hold it.
final class EventLoopCore: @unchecked Sendable {
    struct Registration {
        var generation: UInt32
        var edgeTriggered: Bool
        var handler: any SelectableHandler
    }

    let selector: Selector
    var registrations: [Registration?] = []
    var nextGeneration: UInt32 = 1
    var timers = TimerHeap()
    var armedDeadline: Deadline?
    var pending: [LoopWork] = []
    var draining: [LoopWork] = []
    var now = Deadline.now()

    init(selector: Selector) {
        self.selector = selector
        pending.reserveCapacity(256)
        draining.reserveCapacity(256)
    }

    static func token(fd: CInt, generation: UInt32) -> UInt64 { UInt64(generation) << 32 | UInt64(UInt32(fd)) }
}
