package import ConnectionPool

extension PostgresClient {
    /// Where and how a ``PostgresClient`` connects, and the sizes of its pool.
    ///
    /// ```swift
    /// var configuration = try PostgresClient.Configuration(url: "postgres://catalog:secret@127.0.0.1:5432/paylinks")
    /// configuration.applicationName = "catalog"
    /// configuration.statementTimeout = .seconds(5)
    /// configuration.pool.maximumConnections = 10
    /// ```
    ///
    /// `description` never shows the password.
    package struct Configuration: Sendable, CustomStringConvertible {
        /// libpq's `sslmode`: whether the connection uses TLS.
        package struct TLSMode: Sendable, Hashable, CustomStringConvertible {
            /// The `sslmode` value.
            package let sslMode: String

            private init(_ sslMode: String) { self.sslMode = sslMode }

            /// Never TLS (`sslmode=disable`).
            package static let disable = TLSMode("disable")
            /// TLS when the server offers it, else plain (`sslmode=prefer`, libpq's default).
            package static let prefer = TLSMode("prefer")
            /// TLS or fail; the certificate is not verified (`sslmode=require`).
            package static let require = TLSMode("require")
            /// TLS with a certificate signed by a trusted CA (`sslmode=verify-ca`).
            package static let verifyCA = TLSMode("verify-ca")
            /// TLS with a trusted certificate for the host name (`sslmode=verify-full`).
            package static let verifyFull = TLSMode("verify-full")

            /// Every mode, for parsing.
            package static let all: [TLSMode] = [.disable, .prefer, .require, .verifyCA, .verifyFull]

            /// The `sslmode` value.
            package var description: String { sslMode }
        }

        /// The server's host name or IP address, or a directory holding its unix socket. Default `127.0.0.1`.
        package var host: String
        /// The server's port. Default 5432.
        package var port: Int
        /// The role to connect as.
        package var user: String
        /// The role's password, if the server asks for one.
        package var password: String?
        /// The database; defaults (server-side) to the user's name.
        package var database: String?
        /// Whether to use TLS. Default ``TLSMode/prefer``.
        package var tls: TLSMode
        /// Reported in `pg_stat_activity.application_name`. Default none.
        package var applicationName: String?
        /// How long opening a connection (TCP, TLS, authentication) may take. Default 10 seconds.
        package var connectTimeout: Duration
        /// The server-side `statement_timeout` set on every connection: a statement running longer fails with
        /// SQLSTATE 57014. Default none.
        package var statementTimeout: Duration?
        /// The `search_path` set on every connection, such as `["catalog"]`. Default: the server's.
        package var searchPath: [String]?
        /// Pool sizes and timeouts. Default: 0…10 connections, 10 s acquire timeout, 60 s idle timeout.
        package var pool: ConnectionPoolConfiguration

        /// Creates a configuration; see the properties for the defaults.
        package init(
            host: String = "127.0.0.1",
            port: Int = 5432,
            user: String,
            password: String? = nil,
            database: String? = nil,
            tls: TLSMode = .prefer
        ) {
            self.host = host
            self.port = port
            self.user = user
            self.password = password
            self.database = database
            self.tls = tls
            self.applicationName = nil
            self.connectTimeout = .seconds(10)
            self.statementTimeout = nil
            self.searchPath = nil
            self.pool = ConnectionPoolConfiguration()
        }

        /// The configuration without the password.
        package var description: String {
            var text = "postgres://\(user)\(password == nil ? "" : ":<redacted>")@\(host):\(port)/\(database ?? "")"
            text += "?sslmode=\(tls)"
            if let applicationName { text += "&application_name=\(applicationName)" }
            return text
        }

        /// libpq's connection keywords and values (`PQconnectStartParams`).
        var libpqParameters: [(String, String)] {
            var parameters = [
                ("host", host),
                ("port", String(port)),
                ("user", user),
                ("sslmode", tls.sslMode),
                ("client_encoding", "UTF8"),
            ]
            if let password { parameters.append(("password", password)) }
            if let database { parameters.append(("dbname", database)) }
            if let applicationName { parameters.append(("application_name", applicationName)) }
            // Results are parsed as text: fix the formats that depend on settings.
            var options = ["-c DateStyle=ISO", "-c TimeZone=UTC", "-c IntervalStyle=postgres", "-c bytea_output=hex"]
            if let statementTimeout {
                let milliseconds = max(1, Int(statementTimeout / .milliseconds(1)))
                options.append("-c statement_timeout=\(milliseconds)")
            }
            if let searchPath, !searchPath.isEmpty {
                // In libpq's options, spaces separate arguments and a backslash escapes one.
                let value = searchPath.map { PostgresQuery.quoteIdentifier($0) }.joined(separator: ",")
                options.append("-c search_path=" + value.replacing("\\", with: "\\\\").replacing(" ", with: "\\ "))
            }
            parameters.append(("options", options.joined(separator: " ")))
            return parameters
        }
    }
}
