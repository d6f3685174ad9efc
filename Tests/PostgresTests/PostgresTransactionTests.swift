import ConnectionPool
import Postgres
import TestSupport
import Testing

@Suite(.enabled(if: PostgresTestEnvironment.isEnabled, "needs PostgreSQL: scripts/with-postgres.sh swift test"))
struct PostgresTransactionTests {
    struct Boom: Error {}

    static func withAccounts(_ body: (PostgresClient) async throws -> Void) async throws {
        try await PostgresTestDatabase.withClient { client in
            try await client.execute(
                "CREATE TABLE accounts (id int PRIMARY KEY, email text NOT NULL CONSTRAINT accounts_email_key UNIQUE)"
            )
            try await client.execute("INSERT INTO accounts VALUES (1, 'taken@example.com')")
            try await body(client)
        }
    }

    static func ids(_ client: PostgresClient) async throws -> [Int] {
        try await client.query("SELECT id FROM accounts ORDER BY id").decode(Int.self)
    }

    @Test func committedChangesAreVisible() async throws {
        try await Self.withAccounts { client in
            let inserted = try await client.withTransaction { tx in
                try await tx.execute("INSERT INTO accounts VALUES (2, 'a@example.com')")
                    + tx.execute("INSERT INTO accounts VALUES (3, 'b@example.com')")
            }
            #expect(inserted == 2)
            let ids = try await Self.ids(client)
            #expect(ids == [1, 2, 3])
        }
    }

    @Test func anErrorThrownInsideRollsBack() async throws {
        try await Self.withAccounts { client in
            await #expect(throws: Boom.self) {
                try await client.withTransaction { tx in
                    try await tx.execute("INSERT INTO accounts VALUES (2, 'a@example.com')")
                    throw Boom()
                }
            }
            let ids = try await Self.ids(client)
            #expect(ids == [1])
        }
    }

    @Test func aConstraintViolationRollsBackAndNamesTheConstraint() async throws {
        try await Self.withAccounts { client in
            let error = await #expect(throws: PostgresError.self) {
                try await client.withTransaction { tx in
                    try await tx.execute("INSERT INTO accounts VALUES (2, 'a@example.com')")
                    try await tx.execute("INSERT INTO accounts VALUES (3, \("taken@example.com"))")
                }
            }
            #expect(error?.code == .queryFailed)
            #expect(error?.sqlState == "23505")
            #expect(error?.isUniqueViolation == true)
            #expect(error?.constraint == "accounts_email_key")
            #expect(error?.table == "accounts")
            #expect(error?.query == "INSERT INTO accounts VALUES (3, $1)")
            #expect(error?.description.contains("taken@example.com") == false)  // the detail quotes the value
            #expect(error?.detail?.contains("taken@example.com") == true)
            let ids = try await Self.ids(client)
            #expect(ids == [1])
        }
    }

    @Test func cancellationRollsBack() async throws {
        try await Self.withAccounts { client in
            let started = AsyncStream.makeStream(of: Void.self)
            let task = Task {
                try await client.withTransaction { tx in
                    try await tx.execute("INSERT INTO accounts VALUES (2, 'a@example.com')")
                    started.continuation.yield()
                    _ = try await tx.query("SELECT pg_sleep(30)")
                }
            }
            for await _ in started.stream { break }
            task.cancel()
            let (_, elapsed) = await measure {
                await #expect(throws: CancellationError.self) { try await task.value }
            }
            #expect(elapsed < .seconds(5))
            let ids = try await Self.ids(client)
            #expect(ids == [1])
        }
    }

    @Test func aSwallowedFailureMakesCommitThrow() async throws {
        try await Self.withAccounts { client in
            let error = await #expect(throws: PostgresError.self) {
                try await client.withTransaction { tx in
                    try await tx.execute("INSERT INTO accounts VALUES (2, 'a@example.com')")
                    _ = try? await tx.execute("INSERT INTO accounts VALUES (1, 'duplicate id')")
                }
            }
            #expect(error?.code == .transactionRolledBack)
            let ids = try await Self.ids(client)
            #expect(ids == [1])
        }
    }

    @Test func theConnectionIsReusableAfterARollback() async throws {
        try await PostgresTestDatabase.withClient { configuration in
            configuration.pool.maximumConnections = 1  // the next query gets the same connection
        } _: { client in
            try await client.execute("CREATE TABLE t (id int PRIMARY KEY)")
            _ = try? await client.withTransaction { tx in
                try await tx.execute("INSERT INTO t VALUES (1)")
                try await tx.execute("INSERT INTO t VALUES (1)")
            }
            // Inside an aborted transaction this would fail with 25P02.
            let count = try await client.query("SELECT count(*) FROM t").decode(Int.self)
            #expect(count == [0])
        }
    }
}
