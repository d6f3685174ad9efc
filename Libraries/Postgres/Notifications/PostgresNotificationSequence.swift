/// The notifications of one channel, from ``PostgresClient/listen(channel:)``.
///
/// The sequence ends when the client shuts down. Stopping iteration (or cancelling the iterating task)
/// unsubscribes; the channel is `UNLISTEN`ed when its last subscriber stops. Notifications are buffered without
/// limit until consumed, so keep consuming.
package struct PostgresNotificationSequence: AsyncSequence, Sendable {
    /// A notification.
    package typealias Element = PostgresNotification
    /// The sequence never throws.
    package typealias Failure = Never

    let stream: AsyncStream<PostgresNotification>

    /// Iterates over the notifications.
    package typealias AsyncIterator = AsyncStream<PostgresNotification>.AsyncIterator

    /// Creates an iterator.
    package func makeAsyncIterator() -> AsyncIterator {
        stream.makeAsyncIterator()
    }
}
