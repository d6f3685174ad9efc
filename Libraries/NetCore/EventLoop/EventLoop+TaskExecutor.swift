extension EventLoop: TaskExecutor {
    /// Runs a Swift concurrency job on the loop thread; called by the runtime for tasks that prefer this
    /// loop as their executor. Any thread.
    package func enqueue(_ job: consuming ExecutorJob) {
        enqueueWork(.job(UnownedJob(job)))
    }

    /// The loop as the runtime's unowned task-executor reference.
    package func asUnownedTaskExecutor() -> UnownedTaskExecutor {
        UnownedTaskExecutor(ordinary: self)
    }
}
