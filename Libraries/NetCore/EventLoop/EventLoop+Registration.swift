extension EventLoop {
    /// Starts watching `fd`; `handler` is called on the loop for its events until ``deregister(fd:)``.
    ///
    /// On the loop. The loop keeps a strong reference to `handler` while registered. With
    /// `edgeTriggered`, an event is reported once per readiness change, so the handler must read (or
    /// write) until the call would block or returns short before waiting again.
    ///
    /// - Throws: ``IOError`` if `epoll_ctl` fails.
    package func register(
        fd: CInt,
        interest: IOEvents,
        edgeTriggered: Bool,
        handler: any SelectableHandler
    ) throws(IOError) {
        preconditionInEventLoop()
        precondition(fd >= 0, "invalid descriptor")
        let index = Int(fd)
        if index >= core.registrations.count {
            core.registrations.append(contentsOf: repeatElement(nil, count: index + 1 - core.registrations.count))
        }
        precondition(core.registrations[index] == nil, "descriptor \(fd) is already registered")
        let generation = core.nextGeneration
        core.nextGeneration &+= 1
        let token = EventLoopCore.token(fd: fd, generation: generation)
        try core.selector.add(fd: fd, interest: interest, edgeTriggered: edgeTriggered, token: token)
        core.registrations[index] = EventLoopCore.Registration(
            generation: generation,
            edgeTriggered: edgeTriggered,
            handler: handler
        )
    }

    /// Changes what a registered descriptor is watched for. On the loop.
    ///
    /// - Throws: ``IOError`` if `epoll_ctl` fails.
    package func reregister(fd: CInt, interest: IOEvents) throws(IOError) {
        preconditionInEventLoop()
        guard Int(fd) < core.registrations.count, let registration = core.registrations[Int(fd)] else {
            preconditionFailure("descriptor \(fd) is not registered")
        }
        let token = EventLoopCore.token(fd: fd, generation: registration.generation)
        try core.selector.modify(fd: fd, interest: interest, edgeTriggered: registration.edgeTriggered, token: token)
    }

    /// Stops watching `fd` and releases its handler; call before closing the descriptor. On the loop.
    ///
    /// Events for `fd` still pending in the current batch are dropped.
    package func deregister(fd: CInt) {
        preconditionInEventLoop()
        guard Int(fd) < core.registrations.count, core.registrations[Int(fd)] != nil else { return }
        core.registrations[Int(fd)] = nil
        core.selector.remove(fd: fd)
    }

    /// The number of descriptors currently registered by users of the loop. On the loop.
    package var registrationCount: Int {
        preconditionInEventLoop()
        return core.registrations.reduce(0) { $0 + ($1 == nil ? 0 : 1) }
    }
}
