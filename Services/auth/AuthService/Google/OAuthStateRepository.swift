import Foundation
import Postgres

/// The `auth.oauth_states` table: one row per started Google sign-in, keyed by the SHA-256 of its `state`.
///
/// The state itself is never stored; the verifier and nonce are (they are useless without the state and the
/// provider's code). A row is consumed once, within its lifetime.
struct OAuthStateRepository: Sendable {
    /// What `start` stored for the callback.
    struct PendingSignIn: Sendable {
        var codeVerifier: String
        var nonce: String
        var redirectTo: String?
    }

    let postgres: PostgresClient

    /// Stores a started sign-in, and deletes rows that expired more than a day ago.
    func store(
        stateHash: [UInt8],
        codeVerifier: String,
        nonce: String,
        redirectTo: String?,
        ttl: Duration
    )
        async throws
    {
        let milliseconds = ttl.wholeMilliseconds
        try await postgres.withTransaction { tx in
            _ = try await tx.execute(
                "DELETE FROM auth.oauth_states WHERE expires_at < now() - interval '1 day'"
            )
            _ = try await tx.execute(
                """
                INSERT INTO auth.oauth_states (state_hash, code_verifier, nonce, redirect_to, expires_at)
                VALUES (\(stateHash), \(codeVerifier), \(nonce), \(redirectTo),
                        now() + \(milliseconds)::bigint * interval '1 millisecond')
                """
            )
        }
    }

    /// Marks the sign-in with this state hash used and returns it; `nil` when it is unknown, used or expired.
    func consume(stateHash: [UInt8]) async throws -> PendingSignIn? {
        let rows = try await postgres.query(
            """
            UPDATE auth.oauth_states SET used_at = now()
            WHERE state_hash = \(stateHash) AND used_at IS NULL AND expires_at > now()
            RETURNING code_verifier, nonce, redirect_to
            """
        )
        guard let row = rows.first else { return nil }
        return PendingSignIn(
            codeVerifier: try row.decode(String.self, column: 0),
            nonce: try row.decode(String.self, column: 1),
            redirectTo: try row.decode(String?.self, column: 2)
        )
    }
}
