import ConnectionPool
import Synchronization

/// A connection with no socket: it only records whether it is open.
final class FakeConnection: PooledConnection {
    struct Broken: Error {}

    let id: ConnectionID
    private let state = Mutex<(isClosed: Bool, handlers: [@Sendable ((any Error)?) -> Void])>((false, []))

    init(id: ConnectionID) { self.id = id }

    var isClosed: Bool { state.withLock { $0.isClosed } }

    func close() { finish(error: nil) }

    /// Simulates the server going away.
    func breakConnection() { finish(error: Broken()) }

    func onClose(_ closure: @escaping @Sendable ((any Error)?) -> Void) {
        let callNow = state.withLock { state -> Bool in
            if state.isClosed { return true }
            state.handlers.append(closure)
            return false
        }
        if callNow { closure(nil) }
    }

    private func finish(error: (any Error)?) {
        let handlers = state.withLock { state -> [@Sendable ((any Error)?) -> Void] in
            guard !state.isClosed else { return [] }
            state.isClosed = true
            defer { state.handlers = [] }
            return state.handlers
        }
        for handler in handlers { handler(error) }
    }
}

/// Makes ``FakeConnection``s, records them, and fails on demand.
final class FakeConnectionFactory: Sendable {
    struct ConnectFailed: Error {}

    private struct State {
        var connections: [FakeConnection] = []
        var attempts = 0
        var isFailing = false
    }

    private let state = Mutex(State())

    var connections: [FakeConnection] { state.withLock { $0.connections } }
    var attempts: Int { state.withLock { $0.attempts } }

    /// Makes later attempts fail (`true`) or succeed again (`false`).
    func setFailing(_ failing: Bool) { state.withLock { $0.isFailing = failing } }

    func make(_ id: ConnectionID) async throws -> FakeConnection {
        try state.withLock { state in
            state.attempts += 1
            if state.isFailing { throw ConnectFailed() }
            let connection = FakeConnection(id: id)
            state.connections.append(connection)
            return connection
        }
    }
}
