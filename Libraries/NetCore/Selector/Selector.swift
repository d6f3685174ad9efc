import CLinux
import Glibc

/// A thin wrapper over one epoll instance; confined to its event loop's thread.
///
/// Registrations carry a 64-bit token that comes back with each event; ``EventLoop`` packs the descriptor
/// and a generation number into it so that a stale event for a closed-and-reused descriptor is dropped.
final class Selector {
    private let epollFD: CInt
    private let capacity: Int
    private let events: UnsafeMutableRawPointer

    init(capacity: Int = 512) throws(IOError) {
        epollFD = try systemCallValue("epoll_create1") { epoll_create1(paylinks_epoll_cloexec()) }
        self.capacity = capacity
        events = .allocate(byteCount: capacity * paylinks_epoll_event_size(), alignment: 16)
    }

    deinit {
        events.deallocate()
        closeDescriptor(epollFD)
    }

    /// Starts watching `fd` for `interest` (edge-triggered when asked).
    func add(fd: CInt, interest: IOEvents, edgeTriggered: Bool, token: UInt64) throws(IOError) {
        let mask = interest.epollMask | (edgeTriggered ? paylinks_epollet() : 0)
        _ = try systemCallValue("epoll_ctl(ADD)") { paylinks_epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, mask, token) }
    }

    /// Changes what `fd` is watched for.
    func modify(fd: CInt, interest: IOEvents, edgeTriggered: Bool, token: UInt64) throws(IOError) {
        let mask = interest.epollMask | (edgeTriggered ? paylinks_epollet() : 0)
        _ = try systemCallValue("epoll_ctl(MOD)") { paylinks_epoll_ctl(epollFD, EPOLL_CTL_MOD, fd, mask, token) }
    }

    /// Stops watching `fd`; failures (the descriptor is already gone) are ignored.
    func remove(fd: CInt) {
        _ = paylinks_epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, 0, 0)
    }

    /// Waits up to `timeoutMilliseconds` (-1: forever, 0: poll) and calls `body` for each ready descriptor.
    ///
    /// - Returns: the number of events delivered.
    func wait(timeoutMilliseconds: CInt, _ body: (UInt64, IOEvents) -> Void) throws(IOError) -> Int {
        let buffer = events.assumingMemoryBound(to: epoll_event.self)
        let count = try systemCallValue("epoll_wait") {
            epoll_wait(epollFD, buffer, CInt(capacity), timeoutMilliseconds)
        }
        for index in 0..<Int(count) {
            let mask = paylinks_epoll_event_events(buffer, CInt(index))
            body(paylinks_epoll_event_token(buffer, CInt(index)), IOEvents(epollMask: mask))
        }
        return Int(count)
    }
}
