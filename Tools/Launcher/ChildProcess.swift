import Foundation
import Glibc
import Synchronization

/// A child process whose output lines are forwarded and whose exit can be awaited.
///
/// Spawned with `posix_spawn` rather than Foundation's `Process`: Foundation on Linux learns of a child's
/// exit through a descriptor the child inherits, so a daemonising child (`pg_ctl start` leaves the postmaster
/// running) is never reaped. Here one thread of our own blocks in `waitpid` and another reads the output
/// pipe, so nothing blocks async code. The child gets default signal handling (the launcher ignores
/// SIGTERM/SIGINT itself) and its own process group, so a Ctrl-C reaches only the launcher, which then stops
/// the children in order.
package final class ChildProcess: Sendable {
    /// The operating-system process id.
    package let pid: Int32
    private let exit: ExitTracker

    /// Starts `executable` with `arguments` and `environment`; each output line is passed to `onLine`.
    ///
    /// - Throws: ``LauncherError`` when the executable cannot be started.
    package init(
        executable: String,
        arguments: [String],
        environment: [String: String],
        onLine: @escaping @Sendable (String) -> Void
    ) throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw LauncherError("pipe failed: errno \(errno)") }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        // Close-on-exec, so only the dup2'd copies reach the child (and nothing else inherits the pipe).
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes,
            Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP)
        )
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var spawned: pid_t = 0
        let result = posix_spawn(&spawned, executable, &actions, &attributes, argv, envp)
        let pid = spawned
        close(writeEnd)
        guard result == 0 else {
            close(readEnd)
            throw LauncherError("cannot start \(executable): \(String(cString: strerror(result)))")
        }
        self.pid = pid
        let exit = ExitTracker()
        self.exit = exit
        Thread.detachNewThread {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            // WIFSIGNALED/WEXITSTATUS are macros: decode the wait status by hand.
            let signal = status & 0x7F
            exit.finish(status: signal == 0 ? (status >> 8) & 0xFF : 128 + signal)
        }
        Thread.detachNewThread {
            var pending: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                pending.append(contentsOf: buffer[0..<count])
                while let newline = pending.firstIndex(of: 0x0A) {
                    onLine(String(decoding: pending[..<newline], as: UTF8.self))
                    pending.removeSubrange(...newline)
                }
            }
            if !pending.isEmpty { onLine(String(decoding: pending, as: UTF8.self)) }
            close(readEnd)
            exit.finishOutput()
        }
    }

    /// Sends a signal to the process (`SIGTERM` by default).
    package func signal(_ number: Int32 = SIGTERM) { kill(pid, number) }

    /// Whether the process has exited.
    package var hasExited: Bool { exit.status != nil }

    /// Waits for the process to exit and returns its status (128 + signal number when killed by a signal).
    package func waitForExit() async -> Int32 { await exit.wait() }

    /// Waits until the output pipe is closed (every process holding it has exited or closed it).
    package func waitForOutput() async { await exit.waitForOutput() }
}

/// The exit status of a process and the end of its output, and the tasks waiting for them.
private final class ExitTracker: Sendable {
    private struct State {
        var status: Int32?
        var outputDone = false
        var waiters: [CheckedContinuation<Int32, Never>] = []
        var outputWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    var status: Int32? { state.withLock { $0.status } }

    func finish(status: Int32) {
        let waiters = state.withLock { state -> [CheckedContinuation<Int32, Never>] in
            state.status = status
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: status) }
    }

    func finishOutput() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.outputDone = true
            defer { state.outputWaiters = [] }
            return state.outputWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            let status: Int32? = state.withLock { state in
                if let status = state.status { return status }
                state.waiters.append(continuation)
                return nil
            }
            if let status { continuation.resume(returning: status) }
        }
    }

    func waitForOutput() async {
        await withCheckedContinuation { continuation in
            let done: Bool = state.withLock { state in
                if state.outputDone { return true }
                state.outputWaiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }
}
