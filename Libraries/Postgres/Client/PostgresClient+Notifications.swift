extension PostgresClient {
    /// Subscribes to notifications on `channel` (the exact, case-sensitive name) through the client's dedicated
    /// LISTEN connection; returns once the server is listening.
    ///
    /// ```swift
    /// for await notification in try await client.listen(channel: "paylinks_changed") {
    ///     print(notification.payload)
    /// }
    /// ```
    ///
    /// The connection is re-established and the channels re-listened after a server restart; notifications
    /// sent while it is down are lost.
    ///
    /// - Throws: ``PostgresError`` if the LISTEN connection cannot be opened or the client is shut down.
    package func listen(channel: String) async throws -> PostgresNotificationSequence {
        try await listener.listen(channel: channel)
    }

    /// Sends a notification (`pg_notify`) on a pooled connection; listeners receive it when the current
    /// transaction, if any, commits.
    ///
    /// - Throws: ``PostgresError``.
    package func notify(channel: String, payload: String = "") async throws {
        _ = try await query("SELECT pg_notify(\(channel), \(payload))")
    }
}
