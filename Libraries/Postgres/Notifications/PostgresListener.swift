import ConnectionPool
import LogKit
import Synchronization

/// The dedicated LISTEN connection of a ``PostgresClient``: subscribes channels, delivers notifications to
/// their sequences, and reconnects (with backoff) and re-`LISTEN`s after the connection breaks.
///
/// It opens its connection on the first ``listen(channel:)``, outside the pool, so notifications arrive even
/// when every pooled connection is busy. Notifications sent while it is reconnecting are lost (PostgreSQL
/// does not queue them for absent listeners).
final class PostgresListener: Sendable {
    private typealias Subscriber = AsyncStream<PostgresNotification>.Continuation

    private struct Waiter {
        var subscriberID: Int
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var subscribers: [String: [Int: Subscriber]] = [:]
        var waiters: [String: [Waiter]] = [:]
        var listening: Set<String> = []
        var connection: PostgresConnection?
        var nextSubscriberID = 0
        var isShutDown = false
    }

    private let configuration: PostgresClient.Configuration
    private let logger: Logger
    private let state = Mutex(State())
    private let wakeUps: AsyncStream<Void>
    private let wakeUpSink: AsyncStream<Void>.Continuation

    init(configuration: PostgresClient.Configuration, logger: Logger) {
        var configuration = configuration
        configuration.statementTimeout = nil
        self.configuration = configuration
        self.logger = logger
        (wakeUps, wakeUpSink) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Subscribes to `channel`; returns once the channel is being listened to.
    func listen(channel: String) async throws -> PostgresNotificationSequence {
        let (stream, subscriber) = AsyncStream.makeStream(of: PostgresNotification.self)
        var subscriberID = 0
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            enum Outcome {
                case ready, wait, shutDown
            }
            let outcome = state.withLock { state -> Outcome in
                guard !state.isShutDown else { return .shutDown }
                subscriberID = state.nextSubscriberID
                state.nextSubscriberID += 1
                state.subscribers[channel, default: [:]][subscriberID] = subscriber
                if state.listening.contains(channel) { return .ready }
                state.waiters[channel, default: []].append(
                    Waiter(subscriberID: subscriberID, continuation: continuation)
                )
                return .wait
            }
            switch outcome {
            case .ready: continuation.resume()
            case .wait: wakeUpSink.yield()
            case .shutDown:
                continuation.resume(throwing: PostgresError(.poolShutdown, message: "the client is shut down"))
            }
        }
        let id = subscriberID
        subscriber.onTermination = { [weak self] _ in self?.unsubscribe(channel: channel, id: id) }
        return PostgresNotificationSequence(stream: stream)
    }

    /// Ends every sequence and closes the connection.
    func shutdown() {
        let (subscribers, waiters, connection) = state.withLock { state in
            state.isShutDown = true
            defer {
                state.subscribers = [:]
                state.waiters = [:]
                state.connection = nil
            }
            return (state.subscribers.values.flatMap(\.values), state.waiters.values.flatMap { $0 }, state.connection)
        }
        for waiter in waiters {
            waiter.continuation.resume(throwing: PostgresError(.poolShutdown, message: "the client is shut down"))
        }
        for subscriber in subscribers { subscriber.finish() }
        connection?.close()
        wakeUpSink.finish()
    }

    /// Keeps the connection and the set of listened channels in line with the subscribers until shutdown.
    func run() async {
        for await _ in wakeUps {
            await synchronize()
        }
        let connection = state.withLock { $0.connection }
        connection?.close()
    }

    private func unsubscribe(channel: String, id: Int) {
        state.withLock { state in
            state.subscribers[channel]?.removeValue(forKey: id)
            if state.subscribers[channel]?.isEmpty == true { state.subscribers.removeValue(forKey: channel) }
        }
        wakeUpSink.yield()
    }

    private func deliver(_ notification: PostgresNotification) {
        let subscribers = state.withLock { $0.subscribers[notification.channel].map { Array($0.values) } ?? [] }
        for subscriber in subscribers { subscriber.yield(notification) }
    }

    private func connectionLost(_ connection: PostgresConnection) {
        let isCurrent = state.withLock { state in
            guard state.connection === connection else { return false }
            state.connection = nil
            state.listening = []
            return true
        }
        if isCurrent {
            logger.debug("postgres: LISTEN connection lost; reconnecting")
            wakeUpSink.yield()
        }
    }
}

extension PostgresListener {
    /// Connects if needed and issues the LISTEN/UNLISTEN commands that bring the server in line with the
    /// subscribers; retries with backoff while subscribers exist and the server is unreachable.
    private func synchronize() async {
        var failures = 0
        while !Task.isCancelled {
            let (connection, wanted, listening, isShutDown) = state.withLock { state in
                (state.connection, Set(state.subscribers.keys), state.listening, state.isShutDown)
            }
            if isShutDown || (wanted.isEmpty && listening.isEmpty) { return }
            guard let connection else {
                do {
                    try await connect()
                    failures = 0
                } catch {
                    failures += 1
                    failWaiters(with: error)
                    let confirmed = state.withLock { !$0.subscribers.isEmpty }
                    guard confirmed else { return }
                    let delay = configuration.pool.backoff(afterFailures: failures)
                    guard (try? await Task.sleep(for: delay)) != nil else { return }
                }
                continue
            }
            do {
                for channel in wanted.subtracting(listening) {
                    try await connection.execute("LISTEN \(identifier: channel)")
                    markListening(channel)
                }
                for channel in listening.subtracting(wanted) {
                    try await connection.execute("UNLISTEN \(identifier: channel)")
                    state.withLock { _ = $0.listening.remove(channel) }
                }
            } catch {
                logger.debug("postgres: LISTEN failed", metadata: [LogKeys.error: "\(error)"])
                if let error = error as? PostgresError, !error.isConnectionError {
                    failWaiters(with: error)
                    return
                }
                connection.close()
                connectionLost(connection)
                continue
            }
            let isInLine = state.withLock { Set($0.subscribers.keys) == $0.listening }
            if isInLine { return }
        }
    }

    private func connect() async throws {
        let connection = try await PostgresConnection.connect(configuration: configuration, id: -1, logger: logger)
        connection.setNotificationHandler { [weak self] notification in self?.deliver(notification) }
        let isShutDown = state.withLock { state in
            if !state.isShutDown {
                state.connection = connection
                state.listening = []
            }
            return state.isShutDown
        }
        if isShutDown {
            connection.close()
            return
        }
        connection.onClose { [weak self] _ in self?.connectionLost(connection) }
    }

    private func markListening(_ channel: String) {
        let waiters = state.withLock { state in
            state.listening.insert(channel)
            return state.waiters.removeValue(forKey: channel) ?? []
        }
        for waiter in waiters { waiter.continuation.resume() }
    }

    private func failWaiters(with error: any Error) {
        let waiters = state.withLock { state in
            let waiters = state.waiters
            state.waiters = [:]
            for (channel, list) in waiters {
                for waiter in list { state.subscribers[channel]?.removeValue(forKey: waiter.subscriberID) }
                if state.subscribers[channel]?.isEmpty == true { state.subscribers.removeValue(forKey: channel) }
            }
            return waiters.values.flatMap { $0 }
        }
        for waiter in waiters { waiter.continuation.resume(throwing: error) }
    }
}
