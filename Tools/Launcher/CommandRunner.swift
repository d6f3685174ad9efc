import Foundation
import Synchronization

/// Runs short-lived commands (initdb, pg_ctl, psql) to completion without blocking async code.
enum CommandRunner {
    /// The result of a finished command.
    struct Outcome: Sendable {
        var status: Int32
        var output: String
    }

    /// Runs `argv` and returns its status and combined output.
    ///
    /// - Parameters:
    ///   - argv: the executable path followed by its arguments.
    ///   - environment: extra variables over the launcher's own environment.
    ///   - asUser: when the launcher runs as root, the account to run the command as (via `runuser`).
    /// - Throws: ``LauncherError`` when the command cannot be started or exits non-zero and `check` is set.
    @discardableResult
    static func run(
        _ argv: [String],
        environment: [String: String] = [:],
        asUser: String? = nil,
        check: Bool = true
    ) async throws -> Outcome {
        var command = argv
        if let asUser, getuid() == 0 { command = ["/usr/sbin/runuser", "-u", asUser, "--"] + argv }
        let collected = Mutex<[String]>([])
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        let child: ChildProcess
        do {
            child = try ChildProcess(executable: command[0], arguments: Array(command.dropFirst()), environment: env) {
                line in collected.withLock { $0.append(line) }
            }
        } catch {
            throw LauncherError("cannot start \(argv[0]): \(error)")
        }
        let status = await child.waitForExit()
        // A daemon the command started (the postmaster) may hold the output pipe; wait briefly, not forever.
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await child.waitForOutput() }
            group.addTask { try? await Task.sleep(for: .milliseconds(200)) }
            await group.next()
            group.cancelAll()
        }
        let output = collected.withLock { $0.joined(separator: "\n") }
        if check && status != 0 {
            throw LauncherError("\(argv.joined(separator: " ")) failed with status \(status):\n\(output)")
        }
        return Outcome(status: status, output: output)
    }
}
