import ConfigKit
import Glibc
import HTTPCore
package import HTTPRouter
package import LogKit
package import Postgres
package import ServiceIdentity
package import ServiceRuntime

/// A service running in-process on a free loopback port, for route tests over real HTTP.
///
/// ```swift
/// try await LiveService.withService(name: "catalog", database: true, build: CatalogService.make) { service in
///     let response = try await service.get("/api/v1/ping", as: CallerIdentity.anonymous)
/// }
/// ```
package struct LiveService: Sendable {
    /// The service's name (the identity assertion audience).
    package let name: String
    /// The port it listens on.
    package let port: Int
    /// The internal keys it verifies assertions with.
    package let keys: InternalKeys
    /// The database client the test may use to arrange data; `nil` without a database.
    package let postgres: PostgresClient?

    /// The internal key every live service is started with.
    package static let internalKey = "live-service-test-internal-key-0123456789"

    /// Runs the service built by `build` (with a fresh PostgreSQL database when `database` is set) until
    /// `body` returns, then stops it. `settings` are the configuration keys the service reads beyond the
    /// standard ones (for example `AUTH_ADMIN_EMAILS`), as environment variables would give them.
    package static func withService<Context: RootRequestContext>(
        name: String,
        database: Bool,
        settings: [String: String] = [:],
        logger: Logger = Logger(label: "live-service", level: .critical),
        build: @escaping @Sendable (ServiceEnvironment) throws -> ServiceApplication<Context>,
        _ body: (LiveService) async throws -> Void
    ) async throws {
        let reader = ConfigReader(values: settings)
        guard database else {
            try await run(
                name: name,
                databaseURL: nil,
                postgres: nil,
                reader: reader,
                logger: logger,
                build: build,
                body
            )
            return
        }
        try await PostgresTestDatabase.withDatabase { database in
            try await withService(
                name: name,
                database: database,
                settings: settings,
                logger: logger,
                build: build,
                body
            )
        }
    }

    /// Runs the service on an existing test database (to start a service twice on the same data, as a
    /// restart does), like the variant that creates a fresh database.
    package static func withService<Context: RootRequestContext>(
        name: String,
        database: PostgresTestDatabase,
        settings: [String: String] = [:],
        logger: Logger = Logger(label: "live-service", level: .critical),
        build: @escaping @Sendable (ServiceEnvironment) throws -> ServiceApplication<Context>,
        _ body: (LiveService) async throws -> Void
    ) async throws {
        let configuration = database.configuration
        let password = configuration.password.map { ":\($0)" } ?? ""
        let url =
            "postgres://\(configuration.user)\(password)@\(configuration.host):\(configuration.port)/"
            + (configuration.database ?? "postgres")
        try await PostgresTestDatabase.withRunningClient(configuration: configuration) { client in
            try await run(
                name: name,
                databaseURL: url,
                postgres: client,
                reader: ConfigReader(values: settings),
                logger: logger,
                build: build,
                body
            )
        }
    }

    private static func run<Context: RootRequestContext>(
        name: String,
        databaseURL: String?,
        postgres: PostgresClient?,
        reader: ConfigReader,
        logger: Logger,
        build: @escaping @Sendable (ServiceEnvironment) throws -> ServiceApplication<Context>,
        _ body: (LiveService) async throws -> Void
    ) async throws {
        let keys = InternalKeys(current: internalKey)!
        // The one standard key tests set: `<NAME>_DATABASE_STATEMENT_TIMEOUT` (to see a lock wait time out).
        let statementTimeout = try reader.scoped(name.uppercased()).scoped("DATABASE")
            .duration("STATEMENT_TIMEOUT", default: .seconds(10))
        let configuration = ServiceConfiguration(
            name: name,
            shutdownGracePeriod: .seconds(1),
            databaseURL: databaseURL,
            databasePoolSize: 4,
            statementTimeout: statementTimeout,
            internalKeys: keys
        )
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        let task = Task {
            defer { sink.finish() }
            try await ServiceRuntime.run(
                configuration: configuration,
                reader: reader,
                logger: logger,
                signals: [],
                onListening: { sink.yield($0) },
                build: build
            )
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            try await task.value
            throw HTTPTestClientError("\(name) stopped before listening")
        }
        defer { task.cancel() }
        try await body(LiveService(name: name, port: port, keys: keys, postgres: postgres))
        task.cancel()
        _ = await task.result
    }

    /// A valid assertion header value for `identity`, addressed to this service.
    package func assertion(for identity: CallerIdentity) -> String {
        IdentityAssertion(
            identity: identity,
            audience: name,
            requestID: "test-\(UInt32.random(in: 0...UInt32.max))",
            expiresAt: Int64(time(nil)) + IdentityAssertion.lifetime
        ).encoded(with: keys)
    }

    /// Sends one request on a new connection; `identity` adds a valid assertion, `nil` sends none.
    package func request(
        _ method: String,
        _ target: String,
        as identity: CallerIdentity?,
        headers: [(String, String)] = [],
        body: [UInt8] = []
    ) async throws -> HTTPTestResponse {
        var fields = headers
        if let identity { fields.append((IdentityAssertion.headerName, assertion(for: identity))) }
        return try await HTTPTestClient.exchange(port: port, method, target, headers: fields, body: body)
    }
}
