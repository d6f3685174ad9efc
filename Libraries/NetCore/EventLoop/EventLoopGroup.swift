import Synchronization

/// A fixed set of ``EventLoop`` threads, handed out round-robin.
///
/// A server usually runs one loop per core (the default). ``singleton`` is a process-wide group that is
/// never shut down, for clients and tests that need a loop without owning one.
///
/// Threading: every member may be used from any thread.
package final class EventLoopGroup: Sendable {
    /// The loops, in index order.
    package let loops: [EventLoop]
    private let nextIndex = Atomic<Int>(0)

    /// Creates and starts `loopCount` loops (default: the number of CPUs this process may use).
    ///
    /// - Throws: ``IOError`` if a loop's descriptors cannot be created.
    package init(loopCount: Int = EventLoopGroup.coreCount, name: String = "paylinks-loop") throws(IOError) {
        precondition(loopCount > 0, "an event loop group needs at least one loop")
        var loops: [EventLoop] = []
        for index in 0..<loopCount {
            loops.append(try EventLoop(index: index, name: "\(name)-\(index)"))
        }
        self.loops = loops
        for loop in loops { loop.start() }
    }

    /// The number of CPUs this process may run on (its affinity mask).
    package static var coreCount: Int { OSThread.cpuCount }

    /// A process-wide group with one loop per core that is never shut down.
    package static let singleton: EventLoopGroup = {
        do {
            return try EventLoopGroup(name: "paylinks-shared")
        } catch {
            fatalError("cannot start the shared event loop group: \(error)")
        }
    }()

    /// The next loop, round-robin.
    package func next() -> EventLoop {
        let index = nextIndex.wrappingAdd(1, ordering: .relaxed).oldValue
        return loops[index % loops.count]
    }

    /// The loop whose thread is the caller's, if any.
    package var currentLoop: EventLoop? { loops.first { $0.inEventLoop } }

    /// Stops every loop (see ``EventLoop/shutdownGracefully()``).
    package func shutdownGracefully() async {
        for loop in loops { await loop.shutdownGracefully() }
    }
}
