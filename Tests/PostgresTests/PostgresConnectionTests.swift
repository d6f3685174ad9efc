import ConnectionPool
import Postgres
import TestSupport
import Testing

@Suite(.enabled(if: PostgresTestEnvironment.isEnabled, "needs PostgreSQL: scripts/with-postgres.sh swift test"))
struct PostgresConnectionTests {
    struct FindAccount: PreparedStatement {
        static let sql = "SELECT id, email FROM accounts WHERE id = $1"
        var id: Int

        func makeBindings() -> PostgresBindings { PostgresBindings(id) }
        func decodeRow(_ row: PostgresRow) throws -> (Int, String) { try row.decode((Int, String).self) }
    }

    struct RenameAccount: PreparedStatement {
        static let sql = "UPDATE accounts SET email = $2 WHERE id = $1"
        var id: Int
        var email: String

        func makeBindings() -> PostgresBindings { PostgresBindings(id, email) }
        func decodeRow(_ row: PostgresRow) throws {}
    }

    @Test func statementTimeoutFailsLongQueriesQuicklyWith57014() async throws {
        try await PostgresTestDatabase.withClient { configuration in
            configuration.statementTimeout = .milliseconds(200)
        } _: { client in
            let (error, elapsed) = await measure {
                await #expect(throws: PostgresError.self) { _ = try await client.query("SELECT pg_sleep(5)") }
            }
            #expect(error?.code == .queryFailed)
            #expect(error?.sqlState == "57014")
            #expect(error?.isQueryCanceled == true)
            #expect(error?.isStatementTimeout == true)
            #expect(error?.description.contains("statement timeout") == true)
            #expect(error?.query == "SELECT pg_sleep(5)")
            #expect(elapsed < .seconds(2))
            let ok = try await client.query("SELECT 1").decode(Int.self)
            #expect(ok == [1])
        }
    }

    @Test func preparedStatementsArePreparedOnceAndReused() async throws {
        try await PostgresTestDatabase.withClient { configuration in
            configuration.pool.maximumConnections = 1
        } _: { client in
            try await client.execute("CREATE TABLE accounts (id int PRIMARY KEY, email text NOT NULL)")
            try await client.execute("INSERT INTO accounts VALUES (1, 'a@example.com'), (2, 'b@example.com')")
            let first = try await client.execute(FindAccount(id: 1))
            let second = try await client.execute(FindAccount(id: 2))
            let none = try await client.execute(FindAccount(id: 3))
            #expect(first.map(\.1) == ["a@example.com"])
            #expect(second.map(\.1) == ["b@example.com"])
            #expect(none.isEmpty)
            let updated = try await client.executeUpdate(RenameAccount(id: 2, email: "c@example.com"))
            #expect(updated == 1)
            let prepared = try await client.query(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement = \(FindAccount.sql)"
            )
            #expect(try prepared.decode(Int.self) == [1])
        }
    }

    @Test func aFailedPrepareIsReportedAndNotCached() async throws {
        struct Broken: PreparedStatement {
            static let sql = "SELECT * FROM not_there_yet"
            func makeBindings() -> PostgresBindings { PostgresBindings() }
            func decodeRow(_ row: PostgresRow) throws -> Int { try row.decode(Int.self) }
        }
        try await PostgresTestDatabase.withClient { configuration in
            configuration.pool.maximumConnections = 1
        } _: { client in
            let error = await #expect(throws: PostgresError.self) { _ = try await client.execute(Broken()) }
            #expect(error?.sqlState == "42P01")
            try await client.execute("CREATE TABLE not_there_yet (n int)")
            try await client.execute("INSERT INTO not_there_yet VALUES (7)")
            let rows = try await client.execute(Broken())
            #expect(rows == [7])
        }
    }

    @Test func scriptsRunSeveralStatements() async throws {
        try await PostgresTestDatabase.withClient { client in
            let rows = try await client.withConnection { connection in
                try await connection.executeScript(
                    "CREATE TABLE s (n int); INSERT INTO s VALUES (1), (2); SELECT sum(n) FROM s;"
                )
            }
            #expect(try rows.decode(Int.self) == [3])
        }
    }

    @Test func affectedRowCountsAndCommandTags() async throws {
        try await PostgresTestDatabase.withClient { client in
            try await client.execute("CREATE TABLE n (v int)")
            let inserted = try await client.execute("INSERT INTO n SELECT generate_series(1, 5)")
            let updated = try await client.execute("UPDATE n SET v = v + 1 WHERE v > 2")
            let deleted = try await client.execute("DELETE FROM n")
            #expect([inserted, updated, deleted] == [5, 3, 5])
            let rows = try await client.query("SELECT 1 UNION ALL SELECT 2")
            #expect(rows.commandTag == "SELECT 2")
            #expect(rows.affectedRowCount == 2)
        }
    }

    @Test func connectingToANonListeningPortFailsFast() async throws {
        var configuration = try PostgresTestEnvironment.configuration()
        configuration.port = 1  // nothing listens on port 1
        configuration.pool.connectionBackoff = .seconds(5)
        try await PostgresTestDatabase.withRunningClient(configuration: configuration) { client in
            for attempt in 0..<3 {
                let (error, elapsed) = await measure {
                    await #expect(throws: PostgresError.self) { _ = try await client.query("SELECT 1") }
                }
                #expect(error?.code == .connectionFailed, "attempt \(attempt)")
                #expect(error?.description.contains("Connection refused") == true, "\(String(describing: error))")
                #expect(elapsed < .seconds(2))
            }
        }
    }

    @Test func aSchemaHelperClientFindsUnqualifiedTablesInItsSchema() async throws {
        try await PostgresTestDatabase.withSchema { client, schema in
            try await client.execute("CREATE TABLE things (id int)")
            let rows = try await client.query(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = \(schema) AND table_name = 'things'"
            )
            #expect(try rows.decode(Int.self) == [1])
            let path = try await client.query("SHOW search_path").decode(String.self)
            #expect(path == ["\"\(schema)\""] || path == [schema])
        }
    }
}
