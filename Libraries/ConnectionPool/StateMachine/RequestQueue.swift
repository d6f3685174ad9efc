/// The FIFO of lease requests waiting for a connection, each with its acquire deadline.
///
/// Appending and popping are O(1) amortised; cancelling a request is O(n), which is fine for the queue lengths
/// a pool sees. Deadlines are non-decreasing from front to back because every request waits the same
/// acquire timeout from the moment it arrives.
struct RequestQueue<Instant: InstantProtocol>: Sendable {
    private struct Entry: Sendable {
        var id: Int
        var deadline: Instant
        var isCancelled: Bool
    }

    private var entries: [Entry] = []
    private var head = 0

    /// The number of requests waiting.
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    /// The oldest waiting request.
    var first: (id: Int, deadline: Instant)? {
        mutating get {
            skipCancelled()
            guard head < entries.count else { return nil }
            return (entries[head].id, entries[head].deadline)
        }
    }

    mutating func append(_ id: Int, deadline: Instant) {
        entries.append(Entry(id: id, deadline: deadline, isCancelled: false))
        count += 1
    }

    /// Removes and returns the oldest waiting request.
    mutating func popFirst() -> Int? {
        skipCancelled()
        guard head < entries.count else { return nil }
        let id = entries[head].id
        head += 1
        count -= 1
        compactIfNeeded()
        return id
    }

    /// Removes the request `id`; returns whether it was waiting.
    mutating func remove(_ id: Int) -> Bool {
        for index in head..<entries.count where entries[index].id == id && !entries[index].isCancelled {
            entries[index].isCancelled = true
            count -= 1
            skipCancelled()
            compactIfNeeded()
            return true
        }
        return false
    }

    /// Removes and returns every waiting request, oldest first.
    mutating func removeAll() -> [Int] {
        let ids = entries[head...].filter { !$0.isCancelled }.map(\.id)
        entries.removeAll(keepingCapacity: true)
        head = 0
        count = 0
        return ids
    }

    private mutating func skipCancelled() {
        while head < entries.count, entries[head].isCancelled {
            head += 1
        }
    }

    private mutating func compactIfNeeded() {
        if head == entries.count {
            entries.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 64, head * 2 > entries.count {
            entries.removeFirst(head)
            head = 0
        }
    }
}
