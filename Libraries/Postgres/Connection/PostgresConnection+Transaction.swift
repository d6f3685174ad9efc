import LogKit

extension PostgresConnection {
    /// Runs `body` between `BEGIN` and `COMMIT` on this connection; see
    /// ``PostgresClient/withTransaction(isolation:_:)``.
    package func withTransaction<Result>(
        isolation: String? = nil,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        _ = try await send(.simple(isolation.map { "BEGIN \($0)" } ?? "BEGIN"))
        let result: Result
        do {
            result = try await body(self)
            try Task.checkCancellation()
        } catch {
            await rollback()
            throw error
        }
        let commit: PostgresRowStorage
        do {
            commit = try await send(.simple("COMMIT"), isCancellable: false)
        } catch {
            await rollback()  // COMMIT failed (deferred constraint, serialization): make sure nothing stays open
            throw error
        }
        if commit.commandTag == "ROLLBACK" {
            throw PostgresError(
                .transactionRolledBack,
                message: "COMMIT rolled back: a statement in the transaction had failed",
                sqlState: "25P02"
            )
        }
        return result
    }

    /// Rolls back, ignoring cancellation; closes the connection if that fails.
    private func rollback() async {
        do {
            _ = try await send(.simple("ROLLBACK"), isCancellable: false)
        } catch {
            logger.debug("postgres: ROLLBACK failed; closing the connection", metadata: [LogKeys.error: "\(error)"])
            close()
        }
    }
}
