import Foundation

/// A PostgreSQL cluster kept under the project's `.data/` directory for `make run`, run with the system's
/// PostgreSQL binaries.
///
/// PostgreSQL refuses to run as root, so when the launcher is root the cluster belongs to the `postgres`
/// account and every server command runs through `runuser`. Administration goes over the cluster's own
/// Unix socket (trust, local only); services connect over TCP on 127.0.0.1 with passwords.
struct LocalPostgres: Sendable {
    /// The cluster's data directory.
    let dataDirectory: String
    /// Where the server puts its Unix socket.
    let socketDirectory: String
    /// The server log file.
    let logFile: String
    /// The directory holding `initdb`, `pg_ctl`, `psql`.
    let binDirectory: String
    /// The TCP port on 127.0.0.1.
    let port: Int

    private var owner: String? { getuid() == 0 ? "postgres" : nil }

    /// A cluster rooted at `root` (normally `.data`), using the newest installed PostgreSQL.
    init(root: String, port: Int) throws {
        dataDirectory = root + "/postgres"
        socketDirectory = root + "/run"
        logFile = root + "/postgres.log"
        binDirectory = try LocalPostgres.findBinaries()
        self.port = port
    }

    /// Creates the cluster the first time; later calls find it and do nothing.
    func ensureInitialized() async throws {
        let fm = FileManager.default
        for directory in [dataDirectory, socketDirectory] {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        if let owner {
            try await CommandRunner.run(["/bin/chown", "-R", "\(owner):\(owner)", dataDirectory, socketDirectory])
        }
        if !fm.fileExists(atPath: logFile) { _ = fm.createFile(atPath: logFile, contents: nil) }
        if let owner { try await CommandRunner.run(["/bin/chown", "\(owner):\(owner)", logFile]) }
        guard !fm.fileExists(atPath: dataDirectory + "/PG_VERSION") else { return }
        try await CommandRunner.run(
            [
                binDirectory + "/initdb", "-D", dataDirectory, "-U", "postgres", "--auth-local=trust",
                "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8",
            ],
            asUser: owner
        )
    }

    /// Starts the server and waits until it accepts connections.
    ///
    /// A server still running from an earlier launcher that was killed outright (so it could not stop it) is
    /// stopped first, since it may listen on another port.
    ///
    /// - Throws: ``LauncherError`` with the tail of the server log when it does not start.
    func start() async throws {
        let status = try await CommandRunner.run(
            [binDirectory + "/pg_ctl", "-D", dataDirectory, "status"],
            asUser: owner,
            check: false
        )
        if status.status == 0 { await stop() }
        let options = "-p \(port) -k \(socketDirectory) -c listen_addresses=127.0.0.1"
        let outcome = try await CommandRunner.run(
            [binDirectory + "/pg_ctl", "-D", dataDirectory, "-l", logFile, "-w", "-t", "60", "-o", options, "start"],
            asUser: owner,
            check: false
        )
        guard outcome.status == 0 else {
            let log = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
            let tail = log.split(separator: "\n").suffix(15).joined(separator: "\n")
            throw LauncherError("PostgreSQL did not start (\(outcome.output)). Its log ends with:\n\(tail)")
        }
    }

    /// Stops the server (fast mode: connections are closed, no data is lost).
    func stop() async {
        _ = try? await CommandRunner.run(
            [binDirectory + "/pg_ctl", "-D", dataDirectory, "-m", "fast", "-w", "stop"],
            asUser: owner,
            check: false
        )
    }

    /// Runs SQL as the superuser over the Unix socket and returns psql's unaligned output.
    @discardableResult
    func psql(_ sql: String, database: String = "postgres") async throws -> String {
        let outcome = try await CommandRunner.run(
            [
                binDirectory + "/psql", "-h", socketDirectory, "-p", "\(port)", "-U", "postgres", "-d", database,
                "-v", "ON_ERROR_STOP=1", "-qAtX", "-c", sql,
            ],
            asUser: owner
        )
        return outcome.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Creates `database` if it does not exist.
    func ensureDatabase(_ database: String) async throws {
        let exists = try await psql("SELECT 1 FROM pg_database WHERE datname = '\(database)'")
        if exists != "1" { try await psql("CREATE DATABASE \(database)") }
    }

    /// Creates or updates a login role with `password`, allowed to create its schema in `database`.
    ///
    /// Names come from the launcher's own service list, never from user input.
    func ensureRole(_ role: String, password: String, database: String) async throws {
        let exists = try await psql("SELECT 1 FROM pg_roles WHERE rolname = '\(role)'")
        let verb = exists == "1" ? "ALTER" : "CREATE"
        try await psql("\(verb) ROLE \(role) LOGIN PASSWORD '\(password)'")
        try await psql("GRANT CONNECT, CREATE ON DATABASE \(database) TO \(role)")
    }

    /// A connection URL for `role` on `database`.
    func url(role: String, password: String, database: String) -> String {
        "postgres://\(role):\(password)@127.0.0.1:\(port)/\(database)"
    }

    private static func findBinaries() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        guard let newest = versions.compactMap(Int.init).max() else {
            throw LauncherError("PostgreSQL server binaries not found under \(root); install the postgresql package")
        }
        return "\(root)/\(newest)/bin"
    }
}
