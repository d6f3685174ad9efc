import CLinux
import Glibc

/// Starts detached POSIX threads for event loops and the blocking pool.
///
/// NetCore owns these threads so that blocking system calls (`epoll_wait`, blocking work in
/// ``BlockingPool``) never run on Swift's cooperative pool.
enum OSThread {
    private final class Box {
        let name: String
        let body: () -> Void
        init(name: String, body: @escaping () -> Void) {
            self.name = name
            self.body = body
        }
    }

    /// Starts a detached thread named `name` (truncated to 15 bytes, the Linux limit) running `body`.
    static func spawn(name: String, body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Box(name: name, body: body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, CInt(PTHREAD_CREATE_DETACHED))
        var thread = pthread_t()
        let result = pthread_create(
            &thread,
            &attributes,
            { raw in
                guard let raw else { return nil }
                let box = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
                _ = String(box.name.utf8.prefix(15))?.withCString { paylinks_pthread_setname($0) }
                box.body()
                return nil
            },
            box
        )
        precondition(result == 0, "pthread_create failed: \(result)")
    }

    /// The calling thread's identifier as an integer, for cheap "am I on this thread" checks.
    @inline(__always)
    static var currentID: UInt { UInt(pthread_self()) }

    /// The number of CPUs this process may run on.
    static var cpuCount: Int { Int(paylinks_cpu_count()) }
}
