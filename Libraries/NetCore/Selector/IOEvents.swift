import CLinux

/// The readiness conditions a registered descriptor can report or be watched for.
package struct IOEvents: OptionSet, Hashable, Sendable {
    /// The bits (NetCore's own, not epoll's).
    package var rawValue: UInt32
    /// Creates a set from NetCore's bits.
    package init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Data can be read (or a listening socket has a connection to accept).
    package static let readable = IOEvents(rawValue: 1 << 0)
    /// Data can be written without blocking.
    package static let writable = IOEvents(rawValue: 1 << 1)
    /// The peer shut down its writing side (`EPOLLRDHUP`); buffered data may still be readable.
    package static let readHangup = IOEvents(rawValue: 1 << 2)
    /// Both directions are closed (`EPOLLHUP`); always reported.
    package static let hangup = IOEvents(rawValue: 1 << 3)
    /// An error is pending on the descriptor (`EPOLLERR`); always reported.
    package static let error = IOEvents(rawValue: 1 << 4)
    /// Every condition that means "try reading now": data, FIN, hang-up or a pending error.
    package static let anyInput = IOEvents(rawValue: 0b11101)
    /// What a stream socket usually watches: readable, writable and the peer's FIN.
    package static let stream = IOEvents(rawValue: 0b111)

    /// The epoll bits for the interest in `self`.
    var epollMask: UInt32 {
        var mask: UInt32 = 0
        if contains(.readable) { mask |= paylinks_epollin() }
        if contains(.writable) { mask |= paylinks_epollout() }
        if contains(.readHangup) { mask |= paylinks_epollrdhup() }
        return mask
    }

    /// The events an epoll mask reports.
    init(epollMask mask: UInt32) {
        var events = IOEvents()
        if mask & paylinks_epollin() != 0 { events.insert(.readable) }
        if mask & paylinks_epollout() != 0 { events.insert(.writable) }
        if mask & paylinks_epollrdhup() != 0 { events.insert(.readHangup) }
        if mask & paylinks_epollhup() != 0 { events.insert(.hangup) }
        if mask & paylinks_epollerr() != 0 { events.insert(.error) }
        self = events
    }
}
