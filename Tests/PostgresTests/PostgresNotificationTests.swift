import Postgres
import TestSupport
import Testing

@Suite(.enabled(if: PostgresTestEnvironment.isEnabled, "needs PostgreSQL: scripts/with-postgres.sh swift test"))
struct PostgresNotificationTests {
    @Test func notificationsArriveWithTheirPayload() async throws {
        try await PostgresTestDatabase.withClient { client in
            let notifications = try await client.listen(channel: "PayLinks.Changed")
            try await client.notify(channel: "PayLinks.Changed", payload: "plk_123 'quoted'")
            try await client.notify(channel: "other", payload: "not for us")
            try await client.notify(channel: "PayLinks.Changed", payload: "")
            let received = try await withTimeout(seconds: 5) {
                var iterator = notifications.makeAsyncIterator()
                return [await iterator.next(), await iterator.next()]
            }
            #expect(received.map { $0?.payload } == ["plk_123 'quoted'", ""])
            #expect(received.allSatisfy { $0?.channel == "PayLinks.Changed" })
        }
    }

    @Test func severalSubscribersOfOneChannelEachGetEveryNotification() async throws {
        try await PostgresTestDatabase.withClient { client in
            let first = try await client.listen(channel: "events")
            let second = try await client.listen(channel: "events")
            try await client.withTransaction { tx in
                _ = try await tx.query("SELECT pg_notify('events', 'committed')")
            }
            for sequence in [first, second] {
                let payload = try await withTimeout(seconds: 5) {
                    var iterator = sequence.makeAsyncIterator()
                    return await iterator.next()?.payload
                }
                #expect(payload == "committed")
            }
        }
    }

    @Test func notificationsOfARolledBackTransactionAreNeverSent() async throws {
        try await PostgresTestDatabase.withClient { client in
            let notifications = try await client.listen(channel: "events")
            _ = try? await client.withTransaction { tx in
                _ = try await tx.query("SELECT pg_notify('events', 'rolled back')")
                throw CancellationError()
            }
            try await client.notify(channel: "events", payload: "after")
            let payload = try await withTimeout(seconds: 5) {
                var iterator = notifications.makeAsyncIterator()
                return await iterator.next()?.payload
            }
            #expect(payload == "after")
        }
    }

    @Test func sequencesEndWhenTheClientShutsDown() async throws {
        try await PostgresTestDatabase.withDatabase { database in
            let notifications = try await PostgresTestDatabase.withRunningClient(
                configuration: database.configuration
            ) { client in
                try await client.listen(channel: "shutdown_test")
            }
            let end = try await withTimeout(seconds: 5) {
                var iterator = notifications.makeAsyncIterator()
                return await iterator.next()
            }
            #expect(end == nil)
        }
    }
}
