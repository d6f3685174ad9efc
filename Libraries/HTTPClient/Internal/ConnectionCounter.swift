import Synchronization

/// Counts the connections a client has opened (libcurl's `CURLINFO_NUM_CONNECTS`, summed).
///
/// Threading: thread-safe (an atomic).
final class ConnectionCounter: Sendable {
    private let count = Atomic<Int>(0)

    init() {}

    func add(_ opened: Int) { count.add(opened, ordering: .relaxed) }

    var value: Int { count.load(ordering: .relaxed) }
}
