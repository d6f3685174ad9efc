/// One item in an event loop's run queue: a Swift concurrency job or a closure.
enum LoopWork: Sendable {
    case job(UnownedJob)
    case closure(@Sendable () -> Void)
}
