import Glibc

/// The loop-confined state of ``PostgresEventLoop``: the open libpq connections by key.
///
/// Only ever used on the loop thread (tasks receive it as a parameter and must not keep it).
final class PostgresEventLoopCore {
    private(set) var connections: [Int: LibPQConnection] = [:]
    /// The connection key of each polled descriptor, parallel to the `pollfd` array (index 0 is the wake-up).
    private var polledKeys: [Int] = [0]

    func register(_ connection: LibPQConnection) {
        assert(PostgresEventLoop.shared.inEventLoop, "libpq state touched outside the Postgres I/O thread")
        connections[connection.key] = connection
    }

    func remove(_ key: Int) {
        connections.removeValue(forKey: key)
    }

    /// Hands a request to connection `key`, or fails it if that connection is gone.
    func submit(_ request: PostgresRequest, to key: Int) {
        assert(PostgresEventLoop.shared.inEventLoop, "libpq state touched outside the Postgres I/O thread")
        if let connection = connections[key] {
            connection.enqueue(request)
        } else {
            request.continuation.resume(
                throwing: PostgresError(.connectionClosed, message: "the connection is closed", query: request.sql)
            )
        }
    }

    func appendPollDescriptors(to descriptors: inout [pollfd]) {
        polledKeys.removeAll(keepingCapacity: true)
        polledKeys.append(0)
        for (key, connection) in connections {
            guard let events = connection.pollEvents else { continue }
            descriptors.append(pollfd(fd: connection.socket, events: events, revents: 0))
            polledKeys.append(key)
        }
    }

    /// The milliseconds until the earliest connect deadline, or -1 (none).
    func pollTimeoutMilliseconds(now: ContinuousClock.Instant) -> Int32 {
        var earliest: ContinuousClock.Instant?
        for connection in connections.values {
            if let deadline = connection.deadline, earliest.map({ deadline < $0 }) ?? true {
                earliest = deadline
            }
        }
        guard let earliest else { return -1 }
        let remaining = now.duration(to: earliest)
        guard remaining > .zero else { return 0 }
        let (seconds, attoseconds) = remaining.components
        return Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
    }

    func handlePollResults(_ descriptors: [pollfd]) {
        assert(PostgresEventLoop.shared.inEventLoop, "libpq state touched outside the Postgres I/O thread")
        for index in 1..<descriptors.count where descriptors[index].revents != 0 {
            connections[polledKeys[index]]?.socketReady(events: descriptors[index].revents)
        }
    }

    func handleDeadlines(now: ContinuousClock.Instant) {
        for connection in connections.values {
            if let deadline = connection.deadline, deadline <= now {
                connection.deadlinePassed()
            }
        }
    }
}
