import Foundation

extension PostgresClient.Configuration {
    /// Parses a database URL: `postgres://user:password@host:port/database?sslmode=require`.
    ///
    /// The scheme is `postgres` or `postgresql`; the user is required; user and password may be
    /// percent-encoded; the port defaults to 5432 and the host to `127.0.0.1`. Query parameters:
    /// `sslmode` (`disable`, `prefer`, `require`, `verify-ca`, `verify-full`), `application_name`,
    /// `connect_timeout` (seconds) and `statement_timeout` (milliseconds). Anything else is rejected.
    ///
    /// - Throws: ``PostgresError`` with code ``PostgresError/Code/invalidConfiguration`` saying what is wrong;
    ///   the message never contains the password.
    package init(url: String) throws {
        func invalid(_ reason: String) -> PostgresError {
            PostgresError(.invalidConfiguration, message: "invalid database URL: \(reason)")
        }
        guard let components = URLComponents(string: url) else {
            throw invalid("not a URL (percent-encode special characters in the user and password)")
        }
        guard let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql" else {
            throw invalid("the scheme must be postgres:// or postgresql://")
        }
        guard let user = components.user, !user.isEmpty else {
            throw invalid("no user (postgres://USER:PASSWORD@HOST:PORT/DATABASE)")
        }
        var host = components.host ?? ""
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.init(host: host.isEmpty ? "127.0.0.1" : host, port: components.port ?? 5432, user: user)
        guard (1...65535).contains(port) else { throw invalid("the port must be between 1 and 65535") }
        password = components.password
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.contains("/") else { throw invalid("the path must be a single database name") }
        database = path.isEmpty ? nil : path

        for item in components.queryItems ?? [] {
            guard let value = item.value, !value.isEmpty else { throw invalid("parameter \(item.name) has no value") }
            switch item.name {
            case "sslmode":
                guard let mode = TLSMode.all.first(where: { $0.sslMode == value }) else {
                    throw invalid("sslmode must be one of disable, prefer, require, verify-ca, verify-full")
                }
                tls = mode
            case "application_name":
                applicationName = value
            case "connect_timeout":
                guard let seconds = Int(value), seconds > 0 else {
                    throw invalid("connect_timeout must be a positive number of seconds")
                }
                connectTimeout = .seconds(seconds)
            case "statement_timeout":
                guard let milliseconds = Int(value), milliseconds >= 0 else {
                    throw invalid("statement_timeout must be a number of milliseconds")
                }
                statementTimeout = milliseconds == 0 ? nil : .milliseconds(milliseconds)
            default:
                throw invalid("unsupported parameter \(item.name)")
            }
        }
    }
}
