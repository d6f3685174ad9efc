/// A notification sent with `NOTIFY channel, 'payload'` or `pg_notify(channel, payload)`.
package struct PostgresNotification: Sendable, Hashable {
    /// The channel it was sent on.
    package var channel: String
    /// The payload; empty when none was given.
    package var payload: String
    /// The process ID of the server backend that sent it.
    package var processID: Int32

    /// Creates a notification.
    package init(channel: String, payload: String, processID: Int32) {
        self.channel = channel
        self.payload = payload
        self.processID = processID
    }
}
