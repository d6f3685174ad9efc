import NetCore

extension HTTPConnection {
    /// Makes sure a timer is armed no later than the state machine's next deadline.
    ///
    /// Deadlines usually move later (each request restarts the idle or header clock), so the armed timer
    /// is left alone and re-evaluated when it fires; only an earlier deadline re-arms. A keep-alive
    /// connection therefore touches the loop's timer heap about once per timeout period, not per request.
    func updateTimer() {
        guard !isClosed, let wanted = machine.deadline else { return }
        if let armed = timerDeadline, armed <= wanted { return }
        if let timerID { eventLoop.cancelTask(timerID) }
        timerDeadline = wanted
        timerID = eventLoop.scheduleTask(at: wanted) { [self] in timerFired() }
    }

    private func timerFired() {
        timerID = nil
        timerDeadline = nil
        guard !isClosed else { return }
        let action = machine.timerFired(now: eventLoop.now)
        handle(action)
        updateTimer()
    }
}
