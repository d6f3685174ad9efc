import CLinux
import Glibc

/// A value guarded by a pthread mutex plus a condition variable, for threads that must sleep until the
/// value changes (``BlockingPool`` workers). Async code must never call ``wait(until:_:)``.
// The mutex and condition live at stable heap addresses owned by this object and `value` is only touched
// while the mutex is held, so sharing the object between threads is safe.
final class ConditionLock<Value>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var value: Value

    init(_ value: Value) {
        self.value = value
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    /// Runs `body` with the value locked, then wakes one waiter (or all, with `broadcast`).
    func withLock<R>(broadcast: Bool = false, signal: Bool = true, _ body: (inout Value) -> R) -> R {
        pthread_mutex_lock(mutex)
        defer {
            if signal {
                if broadcast { pthread_cond_broadcast(condition) } else { pthread_cond_signal(condition) }
            }
            pthread_mutex_unlock(mutex)
        }
        return body(&value)
    }

    /// Blocks the calling thread until `predicate` holds, then runs `body` with the value locked.
    func wait<R>(until predicate: (Value) -> Bool, _ body: (inout Value) -> R) -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while !predicate(value) { pthread_cond_wait(condition, mutex) }
        return body(&value)
    }
}
