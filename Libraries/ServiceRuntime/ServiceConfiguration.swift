package import ConfigKit
package import LogKit
package import ServiceIdentity

/// The settings every PayLinks service shares: where it listens, how it logs, which database it uses.
///
/// Read from the environment with keys prefixed by the service name (see ``init(name:defaultPort:reader:)``);
/// tests build it directly, usually with port 0.
package struct ServiceConfiguration: Sendable {
    /// The service's name, such as `catalog`; the log label and the key prefix.
    package var name: String
    /// The address to listen on. Default `127.0.0.1`.
    package var host: String
    /// The port to listen on; 0 picks a free one.
    package var port: Int
    /// Minimum log level. Default `info`.
    package var logLevel: LogLevel
    /// The largest request body accepted unless a route says otherwise. Default 1 MiB.
    package var maxBodyBytes: Int
    /// How long in-flight requests may take to finish after SIGTERM. Default 30 s.
    package var shutdownGracePeriod: Duration
    /// The PostgreSQL URL (`postgres://user:pass@host:port/db`), or `nil` for a service without a database.
    package var databaseURL: String?
    /// The most connections the service's pool opens. Default 10.
    package var databasePoolSize: Int
    /// The server-side limit on one statement. Default 10 s.
    package var statementTimeout: Duration
    /// The keys internal identity assertions are signed and verified with; `nil` when not configured (a
    /// service that exposes routes to the gateway then refuses to start, see
    /// ``ServiceEnvironment/internalAPI(_:path:)``).
    package var internalKeys: InternalKeys?

    /// Creates a configuration with defaults for everything but the name.
    package init(
        name: String,
        host: String = "127.0.0.1",
        port: Int = 0,
        logLevel: LogLevel = .info,
        maxBodyBytes: Int = 1 << 20,
        shutdownGracePeriod: Duration = .seconds(30),
        databaseURL: String? = nil,
        databasePoolSize: Int = 10,
        statementTimeout: Duration = .seconds(10),
        internalKeys: InternalKeys? = nil
    ) {
        self.name = name
        self.host = host
        self.port = port
        self.logLevel = logLevel
        self.maxBodyBytes = maxBodyBytes
        self.shutdownGracePeriod = shutdownGracePeriod
        self.databaseURL = databaseURL
        self.databasePoolSize = databasePoolSize
        self.statementTimeout = statementTimeout
        self.internalKeys = internalKeys
    }

    /// Reads the configuration of service `name` from the environment.
    ///
    /// | key (for `name` = `catalog`) | type | default |
    /// |---|---|---|
    /// | `CATALOG_HTTP_HOST` | address | `127.0.0.1` |
    /// | `CATALOG_HTTP_PORT` | 0–65535 | `defaultPort` |
    /// | `CATALOG_HTTP_MAX_BODY_BYTES` | bytes | 1048576 |
    /// | `CATALOG_SHUTDOWN_GRACE` | duration | `30s` |
    /// | `CATALOG_LOG_LEVEL` | trace…critical | `info` |
    /// | `CATALOG_DATABASE_URL` | URL (secret) | unset |
    /// | `CATALOG_DATABASE_POOL_SIZE` | 1–200 | 10 |
    /// | `CATALOG_DATABASE_STATEMENT_TIMEOUT` | duration | `10s` |
    /// | `PAYLINKS_INTERNAL_KEY` | ≥ 32 bytes (secret), shared by the gateway and all services | unset |
    /// | `PAYLINKS_INTERNAL_KEY_PREVIOUS` | the key being rotated out, still accepted (secret) | unset |
    ///
    /// - Throws: ``ConfigError`` naming the first invalid key.
    package init(name: String, defaultPort: Int, reader: ConfigReader) throws(ConfigError) {
        let root = reader.scoped(name.uppercased())
        let http = root.scoped("HTTP")
        let database = root.scoped("DATABASE")
        let levelName = root.string("LOG_LEVEL", default: "info")
        guard let level = LogLevel(name: levelName) else {
            throw ConfigError(
                key: root.fullKey("LOG_LEVEL"),
                problem: "must be one of trace, debug, info, notice, warning, error, critical (got \"\(levelName)\")"
            )
        }
        self.init(
            name: name,
            host: http.string("HOST", default: "127.0.0.1"),
            port: try http.int("PORT", default: defaultPort, range: 0...65535),
            logLevel: level,
            maxBodyBytes: try http.int("MAX_BODY_BYTES", default: 1 << 20, range: 1...(1 << 30)),
            shutdownGracePeriod: try root.duration("SHUTDOWN_GRACE", default: .seconds(30)),
            databaseURL: database.optionalString("URL", secret: true),
            databasePoolSize: try database.int("POOL_SIZE", default: 10, range: 1...200),
            statementTimeout: try database.duration("STATEMENT_TIMEOUT", default: .seconds(10)),
            internalKeys: try Self.internalKeys(reader: reader)
        )
    }

    private static func internalKeys(reader: ConfigReader) throws(ConfigError) -> InternalKeys? {
        let platform = reader.scoped("PAYLINKS")
        guard let current = platform.optionalString("INTERNAL_KEY", secret: true) else { return nil }
        let previous = platform.optionalString("INTERNAL_KEY_PREVIOUS", secret: true)
        guard let keys = InternalKeys(current: current, previous: previous) else {
            throw ConfigError(
                key: platform.fullKey(
                    current.utf8.count < InternalKeys.minimumLength ? "INTERNAL_KEY" : "INTERNAL_KEY_PREVIOUS"
                ),
                problem: "must be at least \(InternalKeys.minimumLength) bytes of random text"
            )
        }
        return keys
    }
}
