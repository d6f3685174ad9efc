import Cryptography
import Foundation
import HTTPCore
import HTTPRouter
import Postgres

/// The `auth` schema's reads and writes: users, magic links, API keys and the session change feed.
///
/// Every statement is parameterised and scoped by the user it concerns. Changes to a user's token version,
/// role or default currency append a row to `auth.session_changes` in the same transaction (contract C2).
struct AccountRepository: Sendable {
    let postgres: PostgresClient

    /// The `auth.users` columns ``decodeUser(_:)`` reads, in order.
    static let userColumns = """
        id::text, email, name, business_name, country, default_currency, role, token_version, auto_payouts,
        payout_interval, email_notifications, dispute_notifications, onboarded_at, created_at
        """

    /// The advisory lock every session-changing transaction takes before numbering its change row, so the
    /// numbers follow commit order and a poller never skips one.
    static let sessionChangeLock: Int64 = 0x5041_594C_4155_5448

    static func decodeUser(_ row: PostgresRow) throws -> UserRecord {
        UserRecord(
            id: try row.decode(String.self, column: 0),
            email: try row.decode(String.self, column: 1),
            name: try row.decode(String?.self, column: 2),
            businessName: try row.decode(String?.self, column: 3),
            country: try row.decode(String?.self, column: 4),
            defaultCurrency: AccountCurrency(rawValue: try row.decode(String.self, column: 5)) ?? .ron,
            role: UserRole(rawValue: try row.decode(String.self, column: 6)) ?? .user,
            tokenVersion: try row.decode(Int.self, column: 7),
            autoPayouts: try row.decode(Bool.self, column: 8),
            payoutInterval: PayoutInterval(rawValue: try row.decode(String.self, column: 9)) ?? .weekly,
            emailNotifications: try row.decode(Bool.self, column: 10),
            disputeNotifications: try row.decode(Bool.self, column: 11),
            onboardedAt: try row.decode(Date?.self, column: 12),
            createdAt: try row.decode(Date.self, column: 13)
        )
    }

    // MARK: Users

    /// The user with `id`, or `nil` (also for ids that are not UUIDs).
    func user(id: String) async throws -> UserRecord? {
        guard UUIDv7.isCanonical(id) else { return nil }
        let rows = try await postgres.query(
            "SELECT \(unsafeSQL: Self.userColumns) FROM auth.users WHERE id = \(id)::uuid"
        )
        return try rows.first.map(Self.decodeUser)
    }

    /// Finds or creates the user with `email` on `connection` (inside a transaction), applies `role`, records
    /// the sign-in, and returns the user. A role change bumps the token version and is a session change.
    func signIn(
        on connection: PostgresConnection,
        email: String,
        displayName: String?,
        role: UserRole
    ) async throws -> UserRecord {
        let inserted = try await connection.query(
            """
            INSERT INTO auth.users (id, email, name, role, email_verified_at, last_sign_in_at)
            VALUES (\(UUIDv7.make())::uuid, \(email), \(displayName), \(role.rawValue), now(), now())
            ON CONFLICT ((lower(email))) DO NOTHING
            RETURNING \(unsafeSQL: Self.userColumns)
            """
        )
        if let row = inserted.first {
            let user = try Self.decodeUser(row)
            try await Self.recordSessionChange(on: connection, userID: user.id)
            return user
        }
        let rows = try await connection.query(
            """
            UPDATE auth.users
            SET last_sign_in_at = now(), email_verified_at = coalesce(email_verified_at, now()),
                role = \(role.rawValue), updated_at = now(),
                -- A changed role retires the tokens that carry the old one (a demoted admin's above all), and
                -- so does the first proof of the address (tokens of an unproven programmatic signup).
                token_version = token_version
                    + CASE WHEN role <> \(role.rawValue)::text OR email_verified_at IS NULL THEN 1 ELSE 0 END
            FROM (SELECT id AS previous_id, role AS previous, email_verified_at IS NULL AS unproven
                FROM auth.users WHERE lower(email) = \(email) FOR UPDATE) p
            WHERE id = p.previous_id
            RETURNING \(unsafeSQL: Self.userColumns), p.previous, p.unproven
            """
        )
        guard let row = rows.first else {
            throw PostgresError(.queryFailed, message: "the user row vanished during sign-in")
        }
        let user = try Self.decodeUser(row)
        let unproven = try row.decode(Bool.self, column: 15)
        if unproven {
            // Anyone may sign up by API with any address: until its owner proves it, the account and its keys
            // may be someone else's. The owner's first sign-in takes the account back.
            _ = try await connection.execute(
                """
                UPDATE auth.api_keys SET revoked_at = now() WHERE user_id = \(user.id)::uuid AND revoked_at IS NULL
                """
            )
        }
        if try row.decode(String.self, column: 14) != role.rawValue || unproven {
            try await Self.recordSessionChange(on: connection, userID: user.id)
        }
        return user
    }

    /// Creates a user for programmatic signup and their first API key; `nil` when the email is taken.
    func signUp(email: String, name: String, key: NewAPIKey) async throws -> (UserRecord, APIKeyRecord)? {
        try await postgres.withTransaction { tx in
            let rows = try await tx.query(
                """
                INSERT INTO auth.users (id, email, name, role)
                VALUES (\(UUIDv7.make())::uuid, \(email), \(name), 'USER')
                ON CONFLICT ((lower(email))) DO NOTHING
                RETURNING \(unsafeSQL: Self.userColumns)
                """
            )
            guard let row = rows.first else { return nil }
            let user = try Self.decodeUser(row)
            try await Self.recordSessionChange(on: tx, userID: user.id)
            let record = try await Self.insertKey(on: tx, userID: user.id, key: key)
            return (user, record)
        }
    }

    /// Bumps the token version, invalidating every token issued so far.
    func bumpTokenVersion(userID: String) async throws -> UserRecord? {
        try await updateUser(userID: userID, sessionChanged: true) {
            "token_version = token_version + 1"
        }
    }

    /// Applies the profile fields that are given.
    func updateProfile(
        userID: String,
        name: String?,
        businessName: String?,
        country: String?
    ) async throws
        -> UserRecord?
    {
        try await postgres.withTransaction { tx in
            let rows = try await tx.query(
                """
                UPDATE auth.users
                SET name = coalesce(\(name)::text, name), business_name = coalesce(\(businessName)::text, business_name),
                    country = coalesce(\(country)::text, country), updated_at = now()
                WHERE id = \(userID)::uuid
                RETURNING \(unsafeSQL: Self.userColumns)
                """
            )
            return try rows.first.map(Self.decodeUser)
        }
    }

    /// Records the onboarding answers.
    func onboard(
        userID: String,
        name: String,
        businessName: String,
        country: String,
        currency: AccountCurrency
    )
        async throws -> UserRecord?
    {
        try await postgres.withTransaction { tx in
            let rows = try await tx.query(
                """
                UPDATE auth.users
                SET name = \(name), business_name = \(businessName), country = \(country),
                    default_currency = \(currency.rawValue), onboarded_at = coalesce(onboarded_at, now()),
                    updated_at = now()
                FROM (SELECT id AS previous_id, default_currency AS previous FROM auth.users
                    WHERE id = \(userID)::uuid FOR UPDATE) p
                WHERE id = p.previous_id
                RETURNING \(unsafeSQL: Self.userColumns), p.previous
                """
            )
            guard let row = rows.first else { return nil }
            let user = try Self.decodeUser(row)
            if try row.decode(String.self, column: 14) != currency.rawValue {
                try await Self.recordSessionChange(on: tx, userID: userID)
            }
            return user
        }
    }

    /// Applies the settings that are given.
    func updateSettings(
        userID: String,
        autoPayouts: Bool?,
        payoutInterval: PayoutInterval?,
        currency: AccountCurrency?,
        emailNotifications: Bool?,
        disputeNotifications: Bool?
    ) async throws -> UserRecord? {
        try await postgres.withTransaction { tx in
            let rows = try await tx.query(
                """
                UPDATE auth.users
                SET auto_payouts = coalesce(\(autoPayouts), auto_payouts),
                    payout_interval = coalesce(\(payoutInterval?.rawValue)::text, payout_interval),
                    default_currency = coalesce(\(currency?.rawValue)::text, default_currency),
                    email_notifications = coalesce(\(emailNotifications), email_notifications),
                    dispute_notifications = coalesce(\(disputeNotifications), dispute_notifications),
                    updated_at = now()
                FROM (SELECT id AS previous_id, default_currency AS previous FROM auth.users
                    WHERE id = \(userID)::uuid FOR UPDATE) p
                WHERE id = p.previous_id
                RETURNING \(unsafeSQL: Self.userColumns), p.previous
                """
            )
            guard let row = rows.first else { return nil }
            let user = try Self.decodeUser(row)
            if try row.decode(String.self, column: 14) != user.defaultCurrency.rawValue {
                try await Self.recordSessionChange(on: tx, userID: userID)
            }
            return user
        }
    }

    /// Sets the display name.
    func updateName(userID: String, name: String) async throws -> UserRecord? {
        try await updateProfile(userID: userID, name: name, businessName: nil, country: nil)
    }

    private func updateUser(
        userID: String,
        sessionChanged: Bool,
        assignments: () -> String
    ) async throws -> UserRecord? {
        let sql = assignments()
        return try await postgres.withTransaction { tx in
            let rows = try await tx.query(
                """
                UPDATE auth.users SET \(unsafeSQL: sql), updated_at = now()
                WHERE id = \(userID)::uuid
                RETURNING \(unsafeSQL: Self.userColumns)
                """
            )
            guard let row = rows.first else { return nil }
            if sessionChanged { try await Self.recordSessionChange(on: tx, userID: userID) }
            return try Self.decodeUser(row)
        }
    }

    // MARK: Session changes (contract C2)

    /// Appends the user's current session state to the feed; call last in the changing transaction (the lock
    /// it takes is held until commit, so change numbers follow commit order).
    static func recordSessionChange(on connection: PostgresConnection, userID: String) async throws {
        _ = try await connection.query("SELECT pg_advisory_xact_lock(\(sessionChangeLock))")
        _ = try await connection.execute(
            """
            INSERT INTO auth.session_changes (seq, user_id, token_version, role, default_currency)
            SELECT nextval('auth.session_change_seq'), id, token_version, role, default_currency
            FROM auth.users WHERE id = \(userID)::uuid
            """
        )
    }

    /// The current session state of a user.
    func sessionState(userID: String) async throws -> SessionState? {
        guard UUIDv7.isCanonical(userID) else { return nil }
        let rows = try await postgres.query(
            """
            SELECT id::text, token_version, role, default_currency FROM auth.users WHERE id = \(userID)::uuid
            """
        )
        guard let row = rows.first else { return nil }
        let (id, version, role, currency) = try row.decode((String, Int, String, String).self)
        return SessionState(userId: id, tokenVersion: version, role: role, defaultCurrency: currency)
    }

    /// Up to `limit` changes after `cursor`, oldest first, and the cursor to continue from.
    func sessionChanges(after cursor: Int64, limit: Int) async throws -> (cursor: Int64, changes: [SessionState]) {
        let rows = try await postgres.query(
            """
            SELECT seq, user_id::text, token_version, role, default_currency
            FROM auth.session_changes WHERE seq > \(cursor) ORDER BY seq LIMIT \(limit)
            """
        )
        var last = cursor
        var changes: [SessionState] = []
        changes.reserveCapacity(rows.count)
        for row in rows {
            let (seq, id, version, role, currency) = try row.decode((Int64, String, Int, String, String).self)
            last = seq
            changes.append(SessionState(userId: id, tokenVersion: version, role: role, defaultCurrency: currency))
        }
        return (last, changes)
    }

    /// The number of the latest change, 0 when there is none.
    func latestSessionCursor() async throws -> Int64 {
        let rows = try await postgres.query("SELECT coalesce(max(seq), 0)::bigint FROM auth.session_changes")
        return try rows.first?.decode(Int64.self) ?? 0
    }

    /// Deletes history nobody needs any more: session changes older than `changeRetention` (always keeping
    /// the newest, so the feed's cursor never goes back) and OAuth states that expired a day ago.
    ///
    /// - Returns: the number of rows deleted.
    @discardableResult
    func pruneHistory(changeRetention: Duration = .seconds(7 * 86_400)) async throws -> Int {
        let seconds = changeRetention.components.seconds
        return try await postgres.withTransaction { connection in
            let changes = try await connection.execute(
                """
                DELETE FROM auth.session_changes
                WHERE created_at < now() - make_interval(secs => \(Double(seconds)))
                  AND seq < (SELECT max(seq) FROM auth.session_changes)
                """
            )
            let states = try await connection.execute(
                "DELETE FROM auth.oauth_states WHERE expires_at < now() - interval '1 day'"
            )
            return changes + states
        }
    }

    // MARK: Magic links

    /// The outcome of asking for a magic link.
    enum MagicLinkIssue: Sendable, Equatable {
        case issued
        /// The address used up its allowance; retry after this many seconds.
        case limited(retryAfterSeconds: Int64)
    }

    /// Stores a magic link token hash unless `email` has had `limit` links within `window`.
    ///
    /// The count and the insert run under a transaction-scoped advisory lock keyed on the address, so
    /// concurrent requests for one address cannot exceed the limit; other addresses are not held up.
    func issueMagicLink(
        email: String,
        tokenHash: [UInt8],
        redirectTo: String?,
        ttl: Duration,
        limit: Int,
        window: Duration
    ) async throws -> MagicLinkIssue {
        let windowMilliseconds = window.wholeMilliseconds
        let ttlMilliseconds = ttl.wholeMilliseconds
        return try await postgres.withTransaction { tx in
            _ = try await tx.query(
                "SELECT pg_advisory_xact_lock(hashtextextended('auth.magic_link:' || \(email)::text, 0))"
            )
            let counted = try await tx.query(
                """
                SELECT count(*)::bigint,
                    coalesce(ceil(extract(epoch FROM min(created_at)
                        + \(windowMilliseconds)::bigint * interval '1 millisecond' - clock_timestamp())), 1)::bigint
                FROM auth.magic_link_tokens
                WHERE lower(email) = \(email)
                    AND created_at > clock_timestamp() - \(windowMilliseconds)::bigint * interval '1 millisecond'
                """
            )
            let (count, retryAfter) = try counted[0].decode((Int64, Int64).self)
            if count >= Int64(limit) { return .limited(retryAfterSeconds: max(1, retryAfter)) }
            _ = try await tx.execute(
                """
                INSERT INTO auth.magic_link_tokens (token_hash, email, redirect_to, created_at, expires_at)
                VALUES (\(tokenHash), \(email), \(redirectTo), clock_timestamp(),
                    clock_timestamp() + \(ttlMilliseconds)::bigint * interval '1 millisecond')
                """
            )
            // Old rows of this address are no use to the limit or to sign-in any more.
            _ = try await tx.execute(
                """
                DELETE FROM auth.magic_link_tokens
                WHERE lower(email) = \(email) AND expires_at < clock_timestamp() - interval '1 day'
                    AND created_at < clock_timestamp() - \(windowMilliseconds)::bigint * interval '1 millisecond'
                """
            )
            return .issued
        }
    }

    /// Makes a stored magic link unusable (its email could not be sent).
    func withdrawMagicLink(tokenHash: [UInt8]) async throws {
        _ = try await postgres.execute(
            "UPDATE auth.magic_link_tokens SET used_at = now() WHERE token_hash = \(tokenHash) AND used_at IS NULL"
        )
    }

    /// Consumes a magic link token (single use, unexpired) and signs its address in, in one transaction.
    ///
    /// - Returns: `nil` when the token is unknown, used or expired.
    func redeemMagicLink(tokenHash: [UInt8], role: @Sendable (String) -> UserRole) async throws -> UserRecord? {
        try await postgres.withTransaction { tx in
            let rows = try await tx.query(
                """
                UPDATE auth.magic_link_tokens SET used_at = clock_timestamp()
                WHERE token_hash = \(tokenHash) AND used_at IS NULL AND expires_at > clock_timestamp()
                RETURNING email
                """
            )
            guard let row = rows.first else { return nil }
            let email = try row.decode(String.self)
            return try await signIn(on: tx, email: email, displayName: nil, role: role(email))
        }
    }

    // MARK: API keys

    /// The most active keys one user may hold.
    static let maximumActiveKeys = 25

    /// Creates a key for `userID`.
    ///
    /// - Returns: `nil` when the user does not exist.
    /// - Throws: 409 `API_KEY_LIMIT` when the user already has ``maximumActiveKeys`` active keys.
    func createAPIKey(userID: String, key: NewAPIKey) async throws -> APIKeyRecord? {
        try await postgres.withTransaction { tx in
            // Lock the user so concurrent creations count each other.
            let users = try await tx.query("SELECT 1 FROM auth.users WHERE id = \(userID)::uuid FOR UPDATE")
            guard !users.isEmpty else { return nil }
            let counted = try await tx.query(
                "SELECT count(*)::bigint FROM auth.api_keys WHERE user_id = \(userID)::uuid AND revoked_at IS NULL"
            )
            if try counted[0].decode(Int64.self) >= Int64(Self.maximumActiveKeys) {
                throw HTTPError(
                    .conflict,
                    code: .apiKeyLimit,
                    message: "At most \(Self.maximumActiveKeys) active API keys; revoke one first"
                )
            }
            return try await Self.insertKey(on: tx, userID: userID, key: key)
        }
    }

    private static func insertKey(
        on connection: PostgresConnection,
        userID: String,
        key: NewAPIKey
    ) async throws
        -> APIKeyRecord
    {
        let rows = try await connection.query(
            """
            INSERT INTO auth.api_keys (key_id, user_id, name, secret_hash, secret_hint)
            VALUES (\(key.keyID), \(userID)::uuid, \(key.name), \(key.secretHash), \(key.secretHint))
            RETURNING key_id, name, secret_hint, created_at, last_used_at, revoked_at
            """
        )
        return try decodeKey(rows[0])
    }

    private static func decodeKey(_ row: PostgresRow) throws -> APIKeyRecord {
        let (keyID, name, hint, createdAt, lastUsedAt, revokedAt) = try row.decode(
            (String, String, String, Date, Date?, Date?).self
        )
        return APIKeyRecord(
            keyID: keyID,
            name: name,
            secretHint: hint,
            createdAt: createdAt,
            lastUsedAt: lastUsedAt,
            revokedAt: revokedAt
        )
    }

    /// The user's keys, newest first, revoked ones included.
    func apiKeys(userID: String) async throws -> [APIKeyRecord] {
        let rows = try await postgres.query(
            """
            SELECT key_id, name, secret_hint, created_at, last_used_at, revoked_at
            FROM auth.api_keys WHERE user_id = \(userID)::uuid ORDER BY created_at DESC, key_id DESC
            """
        )
        return try rows.map(Self.decodeKey)
    }

    /// Revokes the user's key; `false` when the user has no such key (another user's key included).
    func revokeAPIKey(userID: String, keyID: String) async throws -> Bool {
        let rows = try await postgres.query(
            """
            UPDATE auth.api_keys SET revoked_at = coalesce(revoked_at, now())
            WHERE key_id = \(keyID) AND user_id = \(userID)::uuid
            RETURNING key_id
            """
        )
        return !rows.isEmpty
    }

    /// What an exchange needs to know about a key: its hash, whether it is revoked, and its owner.
    struct KeyCredentials: Sendable {
        var secretHash: [UInt8]
        var revoked: Bool
        var user: UserRecord
    }

    /// The key `keyID` and its owner, or `nil`.
    func keyCredentials(keyID: String) async throws -> KeyCredentials? {
        let rows = try await postgres.query(
            """
            SELECT \(unsafeSQL: Self.userColumns), k.secret_hash, k.revoked_at IS NOT NULL
            FROM auth.users
            JOIN (SELECT user_id, secret_hash, revoked_at FROM auth.api_keys WHERE key_id = \(keyID)) k
                ON k.user_id = users.id
            """
        )
        guard let row = rows.first else { return nil }
        return KeyCredentials(
            secretHash: try row.decode([UInt8].self, column: 14),
            revoked: try row.decode(Bool.self, column: 15),
            user: try Self.decodeUser(row)
        )
    }

    /// Records that a key was just used.
    func touchAPIKey(keyID: String) async throws {
        _ = try await postgres.execute("UPDATE auth.api_keys SET last_used_at = now() WHERE key_id = \(keyID)")
    }
}

/// A freshly made API key: the parts stored (never the secret itself).
struct NewAPIKey: Sendable {
    var keyID: String
    var name: String
    var secretHash: [UInt8]
    var secretHint: String
}

/// A stored API key as the owner may see it.
struct APIKeyRecord: Sendable, Equatable {
    var keyID: String
    var name: String
    var secretHint: String
    var createdAt: Date
    var lastUsedAt: Date?
    var revokedAt: Date?
}
