import CLinux
import Glibc
import Synchronization

extension EventLoop {
    /// The most queued items run before the loop polls for I/O again, so a busy producer of work cannot
    /// starve sockets.
    private static let workBudget = 4096

    /// The loop thread's body: run queued work, wait for I/O, dispatch events and timers, repeat.
    func runLoop() {
        threadID.store(OSThread.currentID, ordering: .relaxed)
        let core = self.core
        core.now = Deadline.now()
        while true {
            runPendingWork(core)
            fireDueTimers(core)
            rearmTimer(core)
            let (hasWork, stop) = takeExternalWork(core, goingToSleep: core.pending.isEmpty)
            if stop { break }
            let timeout: CInt = hasWork || !core.pending.isEmpty ? 0 : -1
            do {
                var woke = false
                _ = try core.selector.wait(timeoutMilliseconds: timeout) { token, events in
                    // The wait may have lasted long: handlers (a new connection arming its header deadline)
                    // must see the time after it, not the time before.
                    if !woke {
                        core.now = Deadline.now()
                        woke = true
                    }
                    dispatch(core, token: token, events: events)
                }
            } catch {
                fatalError("epoll_wait failed on \(name): \(error)")
            }
            core.now = Deadline.now()
            _ = takeExternalWork(core, goingToSleep: false)
        }
        finishShutdown(core)
    }

    private func runPendingWork(_ core: EventLoopCore) {
        var budget = Self.workBudget
        while !core.pending.isEmpty && budget > 0 {
            swap(&core.pending, &core.draining)
            budget -= core.draining.count
            for work in core.draining {
                switch work {
                case .job(let job): job.runSynchronously(on: asUnownedTaskExecutor())
                case .closure(let closure): closure()
                }
            }
            core.draining.removeAll(keepingCapacity: true)
        }
    }

    /// Moves work queued by other threads to the local queue. Before sleeping (`goingToSleep`) with nothing
    /// queued, marks the loop as sleeping so the next producer writes the eventfd; after waking, clears it.
    private func takeExternalWork(_ core: EventLoopCore, goingToSleep: Bool) -> (hasWork: Bool, stop: Bool) {
        let taken = external.withLock { state -> (work: [LoopWork], stop: Bool) in
            if !goingToSleep {
                state.isSleeping = false
                state.wakePending = false
            }
            if !state.work.isEmpty {
                let work = state.work
                state.work = []
                return (work, false)
            }
            if state.isShuttingDown && goingToSleep {
                state.isStopped = true
                return ([], true)
            }
            if goingToSleep { state.isSleeping = true }
            return ([], false)
        }
        if taken.work.isEmpty { return (false, taken.stop) }
        core.pending.append(contentsOf: taken.work)
        return (true, false)
    }

    private func dispatch(_ core: EventLoopCore, token: UInt64, events: IOEvents) {
        switch token {
        case Self.wakeToken:
            var value: UInt64 = 0
            _ = Glibc.read(wakeFD, &value, 8)
        case Self.timerToken:
            var value: UInt64 = 0
            _ = Glibc.read(timerFD, &value, 8)
            core.armedDeadline = nil
        default:
            let fd = Int(UInt32(truncatingIfNeeded: token))
            let generation = UInt32(truncatingIfNeeded: token >> 32)
            guard fd < core.registrations.count, let registration = core.registrations[fd],
                registration.generation == generation
            else { return }
            registration.handler.handleEvents(events)
        }
    }

    private func fireDueTimers(_ core: EventLoopCore) {
        guard let earliest = core.timers.earliestDeadline, earliest <= core.now else { return }
        while let entry = core.timers.popDue(now: core.now) {
            entry.action()
        }
    }

    /// Points the timerfd at the earliest timer when that changed (one syscall per change, none per tick).
    private func rearmTimer(_ core: EventLoopCore) {
        let earliest = core.timers.earliestDeadline
        guard earliest != core.armedDeadline else { return }
        core.armedDeadline = earliest
        var spec = itimerspec()
        if let earliest {
            // A zero it_value disarms the timer, so a deadline already due is rounded up to 1 ns.
            let nanoseconds = max(earliest.nanoseconds, 1)
            spec.it_value.tv_sec = Int(nanoseconds / 1_000_000_000)
            spec.it_value.tv_nsec = Int(nanoseconds % 1_000_000_000)
        }
        _ = timerfd_settime(timerFD, paylinks_tfd_timer_abstime(), &spec, nil)
    }
}
