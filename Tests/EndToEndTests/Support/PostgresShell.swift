import Foundation
import Launcher
import Synchronization

/// Runs SQL against the platform's local cluster as the `postgres` superuser with `psql`, over the cluster's
/// Unix socket in `<data>/run` (local connections are trusted).
enum PostgresShell {
    /// Runs `sql` in `database` and returns psql's unaligned, tuples-only output, trimmed.
    ///
    /// - Throws: ``PlatformInstance/Failure`` when psql fails or takes longer than 15 s.
    @discardableResult
    static func run(_ sql: String, on platform: PlatformInstance, database: String = "paylinks") async throws -> String
    {
        let psql = try await BlockingWork.run { try binary("psql") }
        let lines = Mutex<[String]>([])
        let child = try ChildProcess(
            executable: psql,
            arguments: [
                "-h", platform.dataDirectory + "/run", "-p", "\(platform.ports.postgres)", "-U", "postgres", "-d",
                database,
                "-v", "ON_ERROR_STOP=1", "-qAtX", "-c", sql,
            ],
            environment: ["PGCONNECT_TIMEOUT": "5", "PATH": "/usr/bin:/bin"]
        ) { line in lines.withLock { $0.append(line) } }
        let exited = try await eventually(within: .seconds(15)) { child.hasExited }
        if !exited { child.signal(SIGKILL) }
        let status = await child.waitForExit()
        await child.waitForOutput()
        let output = lines.withLock { $0.joined(separator: "\n") }.trimmingCharacters(in: .whitespacesAndNewlines)
        guard status == 0 else {
            throw PlatformInstance.Failure(description: "psql failed (status \(status)) on \(sql): \(output)")
        }
        return output
    }

    /// The newest installed PostgreSQL's `name` binary.
    private static func binary(_ name: String) throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root))?.compactMap(Int.init) ?? []
        guard let newest = versions.max() else {
            throw PlatformInstance.Failure(description: "no PostgreSQL under \(root)")
        }
        return "\(root)/\(newest)/bin/\(name)"
    }
}
