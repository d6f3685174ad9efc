/// A binary min-heap of timers ordered by deadline (then by insertion order), with O(log n) cancellation.
///
/// Confined to its event loop. Each timer has an id; a side table maps ids to heap positions so that a
/// closing connection can remove its timer instead of leaving a dead closure in the heap until it fires.
struct TimerHeap {
    struct Entry {
        var deadline: Deadline
        var id: UInt64
        var action: () -> Void
    }

    private var entries: [Entry] = []
    private var positions: [UInt64: Int] = [:]
    private var nextID: UInt64 = 1

    var isEmpty: Bool { entries.isEmpty }
    var count: Int { entries.count }

    /// The earliest deadline, if any timer is scheduled.
    var earliestDeadline: Deadline? { entries.first?.deadline }

    /// Adds a timer and returns its id. Ids increase, so equal deadlines fire in insertion order.
    mutating func insert(deadline: Deadline, action: @escaping () -> Void) -> UInt64 {
        let id = nextID
        nextID += 1
        entries.append(Entry(deadline: deadline, id: id, action: action))
        positions[id] = entries.count - 1
        siftUp(entries.count - 1)
        return id
    }

    /// Removes a timer; returns `false` when it already fired or was cancelled.
    @discardableResult
    mutating func remove(id: UInt64) -> Bool {
        guard let index = positions.removeValue(forKey: id) else { return false }
        let last = entries.count - 1
        if index != last {
            entries.swapAt(index, last)
            positions[entries[index].id] = index
        }
        entries.removeLast()
        if index < entries.count {
            siftDown(index)
            siftUp(index)
        }
        return true
    }

    /// Removes and returns the earliest timer if its deadline is at or before `now`.
    mutating func popDue(now: Deadline) -> Entry? {
        guard let first = entries.first, first.deadline <= now else { return nil }
        remove(id: first.id)
        return first
    }

    private func precedes(_ a: Int, _ b: Int) -> Bool {
        let lhs = entries[a]
        let rhs = entries[b]
        return lhs.deadline < rhs.deadline || (lhs.deadline == rhs.deadline && lhs.id < rhs.id)
    }

    private mutating func swapEntries(_ a: Int, _ b: Int) {
        entries.swapAt(a, b)
        positions[entries[a].id] = a
        positions[entries[b].id] = b
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(child, parent) else { return }
            swapEntries(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < entries.count else { return }
            var smallest = left
            if left + 1 < entries.count && precedes(left + 1, left) { smallest = left + 1 }
            guard precedes(smallest, parent) else { return }
            swapEntries(smallest, parent)
            parent = smallest
        }
    }
}
