import Foundation
import LifecycleKit
package import LogKit

/// Keeps one child process running: restarts it with backoff when it exits, and on graceful shutdown sends it
/// `SIGTERM`, escalating to `SIGKILL` after `stopTimeout`.
///
/// Backoff starts at 100 ms and doubles to at most 2 s, and resets once the child has run for 30 s, so a
/// crashed service is back within a few seconds while a crash loop does not spin.
package struct Supervisor: Service {
    /// The process to keep running.
    package let specification: ChildSpecification
    /// Where start, exit and restart events are logged.
    package let logger: Logger
    /// How long a child may take to exit after SIGTERM before it is killed.
    package var stopTimeout: Duration

    /// Creates a supervisor; nothing starts until ``run()``.
    package init(specification: ChildSpecification, logger: Logger, stopTimeout: Duration = .seconds(15)) {
        self.specification = specification
        self.logger = logger
        self.stopTimeout = stopTimeout
    }

    /// Starts the child and restarts it whenever it exits, until graceful shutdown (SIGTERM to the child, then
    /// SIGKILL after ``stopTimeout``) or cancellation (SIGKILL at once).
    package func run() async throws {
        var backoff = Duration.milliseconds(100)
        let clock = ContinuousClock()
        while !isShuttingDownGracefully && !Task.isCancelled {
            let started = clock.now
            let child: ChildProcess
            do {
                child = try start()
            } catch {
                logger.error("cannot start \(specification.name): \(error)")
                try await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(2))
                continue
            }
            logger.info("\(specification.name) started", metadata: ["pid": "\(child.pid)"])
            let status = await withGracefulShutdownHandler {
                await withTaskCancellationHandler {
                    await child.waitForExit()
                } onCancel: {
                    child.signal(SIGKILL)
                }
            } onGracefulShutdown: {
                child.signal(SIGTERM)
                Supervisor.escalate(child, after: stopTimeout)
            }
            if isShuttingDownGracefully || Task.isCancelled {
                logger.info("\(specification.name) stopped", metadata: ["status": "\(status)"])
                return
            }
            if clock.now - started > .seconds(30) { backoff = .milliseconds(100) }
            logger.warning(
                "\(specification.name) exited unexpectedly; restarting",
                metadata: [
                    "status": "\(status)",
                    "backoff.ms":
                        "\(backoff.components.seconds * 1000 + backoff.components.attoseconds / 1_000_000_000_000_000)",
                ]
            )
            try await Task.sleep(for: backoff)
            backoff = min(backoff * 2, .seconds(2))
        }
    }

    private func start() throws -> ChildProcess {
        // Wide enough for the longest name, `stripe-sandbox`, so every child's lines line up.
        let prefix =
            specification.name.padding(toLength: max(14, specification.name.count), withPad: " ", startingAt: 0) + "| "
        return try ChildProcess(
            executable: specification.executable,
            arguments: specification.arguments,
            environment: specification.environment
        ) { line in
            StandardOutput.write(prefix + line)
        }
    }

    /// Kills `child` if it is still running after `timeout`; runs on a Dispatch timer, not a task.
    private static func escalate(_ child: ChildProcess, after timeout: Duration) {
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
            if !child.hasExited { child.signal(SIGKILL) }
        }
    }
}
