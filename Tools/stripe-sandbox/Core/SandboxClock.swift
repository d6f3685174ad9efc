package import Postgres
import Synchronization

/// The sandbox's clock: real time plus an offset that `POST /v1/test_helpers/advance_time` moves forward
/// (persisted, so a restart keeps the sandbox's idea of "now").
package enum SandboxClock {
    /// The sandbox time in unix seconds at the start of the connection's transaction.
    package static func now(on connection: PostgresConnection) async throws -> Int64 {
        let rows = try await connection.query(
            "SELECT floor(extract(epoch FROM now()))::bigint + offset_seconds FROM stripe_sandbox.clock"
        )
        return try rows[0].decode(Int64.self)
    }

    /// Moves the clock forward by `seconds` (> 0); returns the new time.
    package static func advance(by seconds: Int64, on connection: PostgresConnection) async throws -> Int64 {
        let rows = try await connection.query(
            """
            UPDATE stripe_sandbox.clock SET offset_seconds = offset_seconds + \(seconds)
            RETURNING floor(extract(epoch FROM now()))::bigint + offset_seconds
            """
        )
        return try rows[0].decode(Int64.self)
    }
}

/// Which time due work runs at.
package enum DueScope: Sendable, Equatable {
    /// The sandbox clock (objects not on a test clock).
    case sandbox
    /// A Stripe test clock: only objects of customers on that clock, at its frozen time.
    case testClock(id: String, frozenTime: Int64)
}

/// Work that becomes due as time passes (subscription renewals, payout settlement), registered by the
/// resources and run after the clock moves and by the background tick, each time in one transaction.
package final class DueWork: Sendable {
    /// A unit of due work; `call.now` is the time to run at (the test clock's for `.testClock`).
    package typealias Handler = @Sendable (Call, DueScope) async throws -> Void

    private let handlers: Mutex<[(String, Handler)]> = Mutex([])

    /// Creates an empty registry.
    package init() {}

    /// Registers `handler` under `name` (run in registration order).
    package func register(_ name: String, _ handler: @escaping Handler) {
        handlers.withLock { $0.append((name, handler)) }
    }

    /// Runs every handler for `scope` with `call` (its `now` is the time to run at).
    package func run(_ call: Call, scope: DueScope) async throws {
        for (_, handler) in handlers.withLock({ $0 }) {
            try await handler(call, scope)
        }
    }
}
