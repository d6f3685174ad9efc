import Foundation
import Glibc

/// Stops and starts the test server (`POSTGRES_CTL`, set by `scripts/with-postgres.sh`), for tests of
/// reconnection.
///
/// Use it only inside ``withExclusiveAccess(_:)``, which waits until no other test uses the server and keeps
/// them waiting until the server is back.
package enum PostgresTestServer {
    /// Whether the server can be controlled (`POSTGRES_CTL` is set).
    package static var isControllable: Bool {
        !(ProcessInfo.processInfo.environment["POSTGRES_CTL"] ?? "").isEmpty
    }

    /// Runs `body` with a throwaway database while no other test uses the server; always restarts the server
    /// afterwards if `body` left it stopped.
    package static func withExclusiveAccess<Result>(
        _ body: (PostgresTestDatabase) async throws -> Result
    ) async throws -> Result {
        try await PostgresTestServerLock.shared.withExclusive {
            do {
                let result = try await PostgresTestDatabase.withDatabaseUnlocked(body)
                return result
            } catch {
                try? await start()
                throw error
            }
        }
    }

    /// `pg_ctl stop -m fast`: disconnects every session and stops the server.
    package static func stop() async throws {
        try await control(["stop", "-m", "fast", "-w"])
    }

    /// `pg_ctl start -w`: starts the server and waits until it accepts connections. Does nothing if it runs.
    package static func start() async throws {
        if (try? await control(["status"])) != nil { return }
        try await control(["start", "-w", "-t", "30"])
    }

    private static func control(_ arguments: [String]) async throws {
        guard let command = ProcessInfo.processInfo.environment["POSTGRES_CTL"], !command.isEmpty else {
            throw PostgresTestEnvironmentError("POSTGRES_CTL is not set: run the tests via scripts/with-postgres.sh")
        }
        // posix_spawn + waitpid on a thread of our own: blocking, so never on the cooperative pool (and
        // Foundation's Process does not always report the termination of this child).
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try spawnAndWait(command, arguments) })
            }
            thread.name = "paylinks-pg-ctl"
            thread.start()
        }
        guard status == 0 else {
            throw PostgresTestEnvironmentError("pg_ctl \(arguments.joined(separator: " ")) exited with \(status)")
        }
    }

    /// Runs `path` with `arguments`, output discarded, and returns its exit status.
    private static func spawnAndWait(_ path: String, _ arguments: [String]) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw PostgresTestEnvironmentError("cannot run \(path): errno \(spawned)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw PostgresTestEnvironmentError("waitpid failed: errno \(errno)") }
        }
        // WIFEXITED/WEXITSTATUS are macros: exited normally when the low 7 bits are 0; the status is the next 8.
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
